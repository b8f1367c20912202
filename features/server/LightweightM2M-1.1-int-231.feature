@LightweightM2M-1.1-int-231 @lwm2m-1.1 @dut-server @device-management @requires-format-senml-json @action-read
Feature: LightweightM2M-1.1-int-231 Querying basic information in SenML JSON format (server side)
  Asked to read at object, instance, resource and resource-instance level in SenML JSON, the server
  must send each Read with Accept 110 and decode the Test Client's SenML JSON answers.

  Scenario: LightweightM2M-1.1-int-231 Querying basic information in SenML JSON format (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /1, /3/0, /3/0/16, /3/0/11/0, each with Accept 110
    When (1) the server is asked to read /1, /3/0, /3/0/16, /3/0/11/0 in format senml-json
    Then (A) each Read the server sends is a GET on its path with the Accept of that format
    And (B) the server reports the values the Test Client answered
