@LightweightM2M-1.0-int-201 @LightweightM2M-1.1-int-201 @lwm2m-1.0 @dut-client @device-management @requires-format-text
Feature: LightweightM2M-1.1-int-201 Querying basic information in Plain Text format
  The Test Server reads the Manufacturer, Model Number, Serial Number of the Device object
  one by one in Plain Text (ETS configuration C.1). TestFest entry criterion.

  Scenario: LightweightM2M-1.1-int-201 Querying basic information in Plain Text format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Steps 1-3: Read (CoAP GET /3/0/0, /3/0/1, /3/0/2) with Accept: 0 (text/plain)
    When (1) the Test Server reads /3/0/0, /3/0/1, /3/0/2 one by one, accepting Content-Format 0
    Then (A) each Read is answered "2.05 Content" in Content-Format 0 with the resources of the Device object as the DUT declares them: Manufacturer, Model Number, Serial Number
