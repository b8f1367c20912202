@LightweightM2M-1.0-int-652 @LightweightM2M-1.1-int-652 @lwm2m-1.0 @dut-server @device-management @action-read
Feature: LightweightM2M-1.1-int-652 Querying the firmware version from the client (server side)
  Asked to read the Firmware Version of the Device object in no particular format, the server
  sends no Accept; it must decode the format the Test Client chose and report the version.

  Scenario: LightweightM2M-1.1-int-652 Querying the firmware version from the client (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP GET /3/0/3 without Accept; the Test Client answers in plain text
    When (1) the server is asked to read /3/0/3 without a format
    Then (A) the Read the server sends is a GET on its path without an Accept option
    And (B) the server reports the values the Test Client answered
