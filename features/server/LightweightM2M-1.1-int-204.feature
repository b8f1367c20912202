@LightweightM2M-1.1-int-204 @lwm2m-1.1 @dut-server @device-management @requires-format-json @action-read
Feature: LightweightM2M-1.1-int-204 Querying basic information in JSON format (server side)
  Asked to read the Device object instance in OMA JSON, the server must send a well-formed Read
  and decode the Test Client's JSON answer.

  Scenario: LightweightM2M-1.1-int-204 Querying basic information in JSON format (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /3/0 with Accept 11543
    When (1) the server is asked to read /3/0 in format json
    Then (A) each Read the server sends is a GET on its path with the Accept of that format
    And (B) the server reports the values the Test Client answered
