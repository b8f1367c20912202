@LightweightM2M-1.0-int-652 @LightweightM2M-1.1-int-652 @lwm2m-1.0 @dut-server @device-management @action-read
Feature: LightweightM2M-1.1-int-652 Querying the firmware version from the client (server side)
  Asked to read the Firmware Version of the Device object in no particular format, the server must
  send a plain Read (with no Accept, as the ETS's Test Server does, or the Accept of a data format
  of its choice), decode the Test Client's answer and report the version.

  Scenario: LightweightM2M-1.1-int-652 Querying the firmware version from the client (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP GET /3/0/3 (the ETS sends no Accept; the client then answers in plain text)
    When (1) the server is asked to read /3/0/3 without a format
    Then (A) the Read the server sends is a plain GET on its path, with no Accept or the Accept of a LwM2M data format
    And (B) the server reports the values the Test Client answered
