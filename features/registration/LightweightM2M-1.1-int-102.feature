@LightweightM2M-1.0-int-102 @LightweightM2M-1.1-int-102 @lwm2m-1.0 @dut-client @registration
Feature: LightweightM2M-1.1-int-102 Registration Update
  The Test Server shortens the registration lifetime; the client must announce the new lifetime
  with an Update at once, then keep its registration alive with Updates without parameters.
  TestFest entry criterion.

  Scenario: LightweightM2M-1.1-int-102 Registration Update
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Write (CoAP PUT /1/x/1, text/plain) of the short lifetime (20 s in the ETS)
    When (1) the Test Server writes the short lifetime to the Lifetime resource of its Server instance
    Then (A) the client answers "2.04 Changed"
    # Step 2: the client sends Update (CoAP POST /rd/<location>?lt=<new lifetime>)
    And (B, C) the client sends an Update whose "lt" parameter is the new lifetime, and receives "2.04 Changed"
    # Step 3 (optional in the ETS): an Update without parameters before the lifetime runs out
    And (D) before the new lifetime runs out, the client sends an Update without parameters, or its registration expires
