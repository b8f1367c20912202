@LightweightM2M-1.2-int-264 @lwm2m-1.2 @dut-client @device-management
Feature: LightweightM2M-1.2-int-264 Discover with depth 1
  LwM2M 1.2 lets a Discover say how many levels below its target it lists. A Discover of the
  Device object with depth 1 lists the object and its instance only, before and after a
  Write-Attributes on the instance (C.4).

  Scenario: LightweightM2M-1.2-int-264 Discover with depth 1
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.4
    # Step 1: Discover (CoAP GET /3?depth=1, Accept 40)
    # The ETS shows </3> with the Server's default pmin=1;pmax=10; the TS does not require a client
    # to show defaults nobody wrote on /3, so they may be left out, but must hold those values if shown
    When (1) the Test Server discovers /3 with depth 1
    Then (A) the Discover is answered "2.05 Content" with at least these links:
      | link   | attributes         |
      | </3>   | pmin?=1;pmax?=10   |
      | </3/0> |                    |
    And (A) the Discover lists nothing more than 1 level below /3
    # Step 2: Write-Attributes (CoAP PUT /3/0?pmax=200)
    When (2) the Test Server writes the attributes "pmax=200" to /3/0
    Then (B) each Write is answered "2.04 Changed"
    # Step 3: Discover (CoAP GET /3?depth=1)
    When (3) the Test Server discovers /3 with depth 1
    Then (C) the Discover is answered "2.05 Content" with at least these links:
      | link   | attributes         |
      | </3>   | pmin?=1;pmax?=10   |
      | </3/0> | pmax=200           |
    And (C) the Discover lists nothing more than 1 level below /3
    # Restore: remove the attribute again
    And the Test Server restores the client by removing the attributes "pmax" of /3/0
