@LightweightM2M-1.0-int-652 @LightweightM2M-1.1-int-652 @lwm2m-1.0 @dut-client @device-management
Feature: LightweightM2M-1.1-int-652 Querying the firmware version from the client
  The Test Server reads the Firmware Version of the Device object without an Accept option; the
  client answers in the format it prefers, with the version the DUT declares (C.6).

  Scenario: LightweightM2M-1.1-int-652 Querying the firmware version from the client
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /3/0/3) without Accept
    When (1) the Test Server reads /3/0/3 without an Accept option
    Then (A) each Read is answered "2.05 Content" in a Content-Format the DUT declares, with the data of its level
    And (B) the Read shows these values:
      | path   | value      |
      | /3/0/3 | (declared) |
