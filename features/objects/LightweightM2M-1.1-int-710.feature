@LightweightM2M-1.0-int-710 @LightweightM2M-1.1-int-710 @lwm2m-1.0 @dut-client @objects @requires-object-4
Feature: LightweightM2M-1.1-int-710 Basic Observation and notification on Connectivity Monitoring Object Resources
  The Test Server sets pmin=2 and pmax=10 on the Connectivity Monitoring instance (ETS
  configuration C.5) and observes it; the client notifies within those attributes, each time
  with values its object definition admits. The attribute seconds are the ETS's unless the
  profile's timers.attributeSeconds replaces them; timers.notificationToleranceMs is the slack.

  Scenario: LightweightM2M-1.1-int-710 Basic Observation and notification on Connectivity Monitoring Object Resources
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Write-Attributes (CoAP PUT /4/0?pmin=2&pmax=10)
    When (1) the Test Server sets the attributes pmin=2&pmax=10 on /4/0
    # Step 2: Observe (CoAP GET /4/0 with Observe=0)
    And (2) the Test Server starts observing /4/0
    # Step 3: the client notifies
    And (3) the Test Server watches the notifications for 2 periods of the largest pmax
    Then (A, B) the client answers the request of step 1 "2.04 Changed"
    And (C, D) the Observe of /4/0 is answered "2.05 Content" with values the object definition admits
    And (E, F) the notifications of /4/0 come as its attributes require, each with values the object definition admits
