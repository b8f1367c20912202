@LightweightM2M-1.1-int-203 @lwm2m-1.1 @dut-server @device-management @requires-format-tlv @action-read
Feature: LightweightM2M-1.1-int-203 Querying basic information in TLV format (server side)
  Asked to read the Device object instance in TLV, the server must send a well-formed Read and
  decode the Test Client's TLV answer.

  Scenario: LightweightM2M-1.1-int-203 Querying basic information in TLV format (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /3/0 with Accept 11542
    When (1) the server is asked to read /3/0 in format tlv
    Then (A) each Read the server sends is a GET on its path with the Accept of that format
    And (B) the server reports the values the Test Client answered
