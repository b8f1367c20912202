@LightweightM2M-1.0-int-810 @LightweightM2M-1.1-int-810 @lwm2m-1.0 @dut-client @objects @requires-object-6
Feature: LightweightM2M-1.1-int-810 Basic Observation and notification on Location Object Instance
  The Test Server sets pmin=2 and pmax=10 on the Location instance (ETS configuration C.7) and
  observes it; the client notifies within those attributes with admissible values. The
  Timestamp (/6/0/5) is admissible when it is no later than the message carrying it (the
  seconds truncated, plus timers.notificationToleranceMs) and never goes back between messages:
  it is the time of a measurement already made (LwM2M TS, object 6). A DUT without a set clock
  fails this criterion. The attribute seconds are the ETS's unless timers.attributeSeconds
  replaces them.

  Scenario: LightweightM2M-1.1-int-810 Basic Observation and notification on Location Object Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Write-Attributes (CoAP PUT /6/0?pmin=2&pmax=10)
    When (1) the Test Server sets the attributes pmin=2&pmax=10 on /6/0
    # Step 2: Observe (CoAP GET /6/0 with Observe=0)
    And (2) the Test Server starts observing /6/0
    # Step 3: the client notifies
    And (3) the Test Server watches the notifications for 2 periods of the largest pmax
    Then (A) the client answers the request of step 1 "2.04 Changed"
    And (B) the Observe of /6/0 is answered "2.05 Content" with values the object definition admits
    And (C) the notifications of /6/0 come as its attributes require, each with values the object definition admits
    And (D) the Timestamp in every message of the observation of /6/0 is admissible
