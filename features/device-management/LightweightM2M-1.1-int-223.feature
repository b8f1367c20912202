@LightweightM2M-1.1-int-223 @lwm2m-1.1 @dut-client @device-management @requires-format-tlv
Feature: LightweightM2M-1.1-int-223 Read on Object Instance
  The Test Server reads its Server object instance and the Device object instance in TLV; each
  answer holds every mandatory resource of the instance and nothing outside it (C.1).

  Scenario: LightweightM2M-1.1-int-223 Read on Object Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    # Steps 1-2: Read (CoAP GET /1/x, then /3/0) with Accept: 11542
    When (1) the Test Server reads /1/x, /3/0 one by one, accepting Content-Format 11542
    Then (A) each Read is answered "2.05 Content" in Content-Format 11542 with the data of its level
