@LightweightM2M-1.1-int-241 @lwm2m-1.1 @dut-server @device-management @action-execute
Feature: LightweightM2M-1.1-int-241 Executable Resource: Rebooting the device (server side)
  Asked to reboot the Test Client, the server must send an Execute on /3/0/4; when the Test
  Client registers again, as a rebooted device does, the server must accept it.

  Scenario: LightweightM2M-1.1-int-241 Executable Resource: Rebooting the device (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP POST /3/0/4, no payload
    When (1) the server is asked to execute /3/0/4
    Then (A) the Execute the server sends is a POST on its path without a payload
    # Step 2: the rebooted client registers again
    When (2) the Test Client sends a Register request with its endpoint name, lifetime, LwM2M version, binding and object list
    Then (B) the server answers "2.01 Created" with a Location-Path naming the registration
