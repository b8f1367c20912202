@LightweightM2M-1.0-int-104 @LightweightM2M-1.1-int-104 @lwm2m-1.0 @dut-client @registration
Feature: LightweightM2M-1.1-int-104 Registration Update Trigger
  Before the registration expires, the Test Server executes Registration Update Trigger; the
  client must send an Update without parameters and stay registered.

  Scenario: LightweightM2M-1.1-int-104 Registration Update Trigger
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the registration lifetime is the short lifetime
    # Step 1: Execute (CoAP POST /1/x/8) on Registration Update Trigger
    When (1) the Test Server executes Registration Update Trigger on its Server instance
    Then (A, B) the client answers "2.04 Changed"
    # Step 2: the client sends Update (CoAP POST /rd/<location>)
    And (C, D) the client promptly sends an Update without parameters, and receives "2.04 Changed"
    And (E) after the lifetime has passed, the client is still registered at the Test Server
