@LightweightM2M-1.1-int-1204 @lwm2m-1.1 @dut-client @objects @requires-object-10
Feature: LightweightM2M-1.1-int-1204 Observation and notification of the PSM and eDRX timers of Object ID:10
  The Test Server discovers /10 (ETS configuration C.10), sets notification attributes on PSM
  Timer (/10/0/4), Active Timer (/10/0/5) and the eDRX parameters for WB-S1 and NB-S1 mode
  (/10/0/8, /10/0/9), observes the four and watches the notifications. The sources of this
  catalogue give no attribute values for this case: pmin=10&pmax=20 is used (as int-1203 sets
  on /10/0/14), in seconds the profile's timers.attributeSeconds may replace.

  Scenario: LightweightM2M-1.1-int-1204 Observation and notification of the PSM and eDRX timers of Object ID:10
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.10
    # Step 1: Discover (CoAP GET /10 with Accept 40)
    When (1) the Test Server discovers /10
    # Steps 2 to 5: Write-Attributes (CoAP PUT with a query)
    And (2) the Test Server sets the attributes pmin=10&pmax=20 on /10/0/4
    And (3) the Test Server sets the attributes pmin=10&pmax=20 on /10/0/5
    And (4) the Test Server sets the attributes pmin=10&pmax=20 on /10/0/8
    And (5) the Test Server sets the attributes pmin=10&pmax=20 on /10/0/9
    # Step 6: Observe (CoAP GET with Observe=0) of the four resources
    And (6) the Test Server starts observing /10/0/4
    And (6) the Test Server starts observing /10/0/5
    And (6) the Test Server starts observing /10/0/8
    And (6) the Test Server starts observing /10/0/9
    # Step 7: the client notifies
    And (7) the Test Server watches the notifications for 2 periods of the largest pmax
    Then (A) the Discover shows the object with /10/0/4, /10/0/5, /10/0/8, /10/0/9
    And (B) the client answers the request of step 2 "2.04 Changed"
    And (B) the client answers the request of step 3 "2.04 Changed"
    And (B) the client answers the request of step 4 "2.04 Changed"
    And (B) the client answers the request of step 5 "2.04 Changed"
    And (C) the Observe of /10/0/4 is answered "2.05 Content" with values the object definition admits
    And (C) the Observe of /10/0/5 is answered "2.05 Content" with values the object definition admits
    And (C) the Observe of /10/0/8 is answered "2.05 Content" with values the object definition admits
    And (C) the Observe of /10/0/9 is answered "2.05 Content" with values the object definition admits
    And (D) the notifications of /10/0/4 come as its attributes require, each with values the object definition admits
    And (D) the notifications of /10/0/5 come as its attributes require, each with values the object definition admits
    And (D) the notifications of /10/0/8 come as its attributes require, each with values the object definition admits
    And (D) the notifications of /10/0/9 come as its attributes require, each with values the object definition admits
