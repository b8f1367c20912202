@LightweightM2M-1.0-int-241 @LightweightM2M-1.1-int-241 @lwm2m-1.0 @dut-client @device-management
Feature: LightweightM2M-1.1-int-241 Executable Resource: Rebooting the device
  The Test Server executes the Reboot resource of the Device object; the device restarts and
  registers again (ETS configuration C.1).

  Scenario: LightweightM2M-1.1-int-241 Executable Resource: Rebooting the device
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Execute (CoAP POST /3/0/4) on Reboot
    When (1) the Test Server executes Reboot on the Device object instance
    Then (A) the client answers "2.04 Changed"
    # Step 2: after the reboot the client registers again, as in int-101
    And (B) the client registers anew with a Register request and receives "2.01 Created"
