@LightweightM2M-1.1-int-231 @lwm2m-1.1 @dut-client @device-management @requires-format-senml-json
Feature: LightweightM2M-1.1-int-231 Querying basic information in SenML JSON format
  The Test Server reads at object, instance, resource and resource-instance level in SenML JSON
  (Content-Format 110); each answer is SenML JSON holding the data of its level (C.1).

  Scenario: LightweightM2M-1.1-int-231 Querying basic information in SenML JSON format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    # Steps 1-4: Read (CoAP GET) of /1, /3/0, /3/0/16 and /3/0/11/0 with Accept: 110
    When (1) the Test Server reads /1, /3/0, /3/0/16, /3/0/11/0 one by one, accepting Content-Format 110
    Then (A) each Read is answered "2.05 Content" in Content-Format 110 with the data of its level
