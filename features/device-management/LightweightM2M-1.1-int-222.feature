@LightweightM2M-1.1-int-222 @lwm2m-1.1 @dut-client @device-management @requires-format-tlv
Feature: LightweightM2M-1.1-int-222 Read on Object
  The Test Server reads whole objects (Server /1 and Device /3) in TLV; each answer holds every
  instance the client registered and every mandatory resource of each (ETS configuration C.1).

  Scenario: LightweightM2M-1.1-int-222 Read on Object
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    # Steps 1-2: Read (CoAP GET /1, then /3) with Accept: 11542
    When (1) the Test Server reads /1, /3 one by one, accepting Content-Format 11542
    Then (A) each Read is answered "2.05 Content" in Content-Format 11542 with the data of its level
