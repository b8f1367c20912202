@LightweightM2M-1.1-int-225 @lwm2m-1.1 @dut-client @device-management @requires-format-tlv
Feature: LightweightM2M-1.1-int-225 Read on Resource Instance
  The Test Server reads one instance of the multiple resource Error Code; the answer holds that
  instance only (C.1).

  Scenario: LightweightM2M-1.1-int-225 Read on Resource Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    # Step 1: Read (CoAP GET /3/0/11/0) with Accept: 11542
    When (1) the Test Server reads /3/0/11/0, accepting Content-Format 11542
    Then (A) each Read is answered "2.05 Content" in Content-Format 11542 with the data of its level
