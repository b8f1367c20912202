@LightweightM2M-1.0-int-103 @LightweightM2M-1.1-int-103 @lwm2m-1.0 @dut-client @registration @requires-server-disable
Feature: LightweightM2M-1.1-int-103 Deregistration
  On Disable of its Server object instance, the client de-registers from the Test Server
  (ETS configuration C.3).

  Scenario: LightweightM2M-1.1-int-103 Deregistration
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.3
    # Step 1: Execute (CoAP POST /1/x/4) on Disable
    When (1) the Test Server executes Disable on its Server instance
    Then (A) the client answers "2.04 Changed"
    # Step 2: the client sends De-register (CoAP DELETE /rd/<location>)
    And (B) the client sends a De-register request for its registration, and receives "2.02 Deleted"
    And (C) having de-registered, the client sends nothing more to the Test Server within the quiet window
