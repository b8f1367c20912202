@LightweightM2M-1.1-int-1203 @lwm2m-1.1 @dut-client @objects @requires-object-10
Feature: LightweightM2M-1.1-int-1203 Observation and notification of the Power Saving Mode Resources of Object ID:10
  The Test Server discovers /10 (version 1.1, ETS configuration C.11), sets pmin=5&pmax=15 on
  Active Power Saving Modes (/10/0/13) and pmin=10&pmax=20 on Release Assistance Indication
  Usage (/10/0/14), observes both and watches the notifications. The attribute seconds are the
  ETS's unless the profile's timers.attributeSeconds replaces them.

  Scenario: LightweightM2M-1.1-int-1203 Observation and notification of the Power Saving Mode Resources of Object ID:10
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.11
    # Step 1: Discover (CoAP GET /10 with Accept 40)
    When (1) the Test Server discovers /10
    # Steps 2 and 3: Write-Attributes (CoAP PUT with a query)
    And (2) the Test Server sets the attributes pmin=5&pmax=15 on /10/0/13
    And (3) the Test Server sets the attributes pmin=10&pmax=20 on /10/0/14
    # Step 4: Observe (CoAP GET with Observe=0) of both resources
    And (4) the Test Server starts observing /10/0/13
    And (4) the Test Server starts observing /10/0/14
    # Step 5: the client notifies
    And (5) the Test Server watches the notifications for 2 periods of the largest pmax
    Then (A) the Discover shows the object at the version of its definition, with /10/0/13, /10/0/14
    And (B) the client answers the request of step 2 "2.04 Changed"
    And (B) the client answers the request of step 3 "2.04 Changed"
    And (C) the Observe of /10/0/13 is answered "2.05 Content" with values the object definition admits
    And (C) the Observe of /10/0/14 is answered "2.05 Content" with values the object definition admits
    And (D) the notifications of /10/0/13 come as its attributes require, each with values the object definition admits
    And (D) the notifications of /10/0/14 come as its attributes require, each with values the object definition admits
