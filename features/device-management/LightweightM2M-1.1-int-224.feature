@LightweightM2M-1.1-int-224 @lwm2m-1.1 @dut-client @device-management @requires-format-tlv
Feature: LightweightM2M-1.1-int-224 Read on Resource
  The Test Server reads single resources of its Server instance and of the Device object; each
  answer holds that resource only (C.1).

  Scenario: LightweightM2M-1.1-int-224 Read on Resource
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    # Steps 1-5: Read (CoAP GET) of /1/x/0, /1/x/1, /1/x/6, /1/x/7 and /3/0/16 with Accept: 11542
    When (1) the Test Server reads /1/x/0, /1/x/1, /1/x/6, /1/x/7, /3/0/16 one by one, accepting Content-Format 11542
    Then (A) each Read is answered "2.05 Content" in Content-Format 11542 with the data of its level
    And (A) the Read shows these values:
      | path    | value      |
      | /3/0/16 | (declared) |
