@LightweightM2M-1.1-int-211 @lwm2m-1.1 @dut-server @device-management @requires-format-cbor @action-read
Feature: LightweightM2M-1.1-int-211 Querying basic information in CBOR format (server side)
  Asked to read single resources of the Server object instance in CBOR, the server must send a
  Read per resource with Accept 60 and report the values the Test Client answered.

  Scenario: LightweightM2M-1.1-int-211 Querying basic information in CBOR format (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /1/0/0, /1/0/6, /1/0/7, each with Accept 60 (application/cbor)
    When (1) the server is asked to read /1/0/0, /1/0/6, /1/0/7 in format cbor
    Then (A) each Read the server sends is a GET on its path with the Accept of that format
    And (B) the server reports the values the Test Client answered
