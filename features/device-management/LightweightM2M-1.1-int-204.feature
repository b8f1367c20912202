@LightweightM2M-1.0-int-204 @LightweightM2M-1.1-int-204 @lwm2m-1.0 @dut-client @device-management @requires-format-json
Feature: LightweightM2M-1.1-int-204 Querying basic information in JSON format
  The Test Server reads the Device object instance in the OMA JSON format of LwM2M 1.0
  (Content-Format 11543; ETS configuration C.1).

  Scenario: LightweightM2M-1.1-int-204 Querying basic information in JSON format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /3/0) with Accept: 11543 (application/vnd.oma.lwm2m+json)
    When (1) the Test Server reads /3/0, accepting Content-Format 11543
    Then (A) each Read is answered "2.05 Content" in Content-Format 11543 with these resources of the Device object as the DUT declares them: Manufacturer, Model Number, Serial Number, Firmware Version, Error Code, Supported Binding and Modes
