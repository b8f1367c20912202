@LightweightM2M-1.1-int-237 @lwm2m-1.1 @dut-client @device-management
Feature: LightweightM2M-1.1-int-237 Read on Object without specifying Content-Type
  The Test Server reads the Server and Device objects without an Accept option: the client answers
  in a format of its choice, which must be one its ICS declares, and the Test Server decodes it (C.1).

  Scenario: LightweightM2M-1.1-int-237 Read on Object without specifying Content-Type
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    # Steps 1-2: Read (CoAP GET /1, then /3) without Accept
    When (1) the Test Server reads /1, /3 one by one without an Accept option
    Then (A) each Read is answered "2.05 Content" in a Content-Format the DUT declares, with the data of its level
