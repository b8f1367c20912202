@LightweightM2M-1.0-int-203 @LightweightM2M-1.1-int-203 @lwm2m-1.0 @dut-client @device-management @requires-format-tlv
Feature: LightweightM2M-1.1-int-203 Querying basic information in TLV format
  The Test Server reads the Device object instance in TLV (ETS configuration C.1).
  TestFest entry criterion.

  Scenario: LightweightM2M-1.1-int-203 Querying basic information in TLV format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /3/0) with Accept: 11542 (application/vnd.oma.lwm2m+tlv)
    When (1) the Test Server reads /3/0, accepting Content-Format 11542
    Then (A) each Read is answered "2.05 Content" in Content-Format 11542 with these resources of the Device object as the DUT declares them: Manufacturer, Model Number, Serial Number, Firmware Version, Error Code, Supported Binding and Modes
