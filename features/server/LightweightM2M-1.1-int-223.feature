@LightweightM2M-1.1-int-223 @lwm2m-1.1 @dut-server @device-management @requires-format-tlv @action-read
Feature: LightweightM2M-1.1-int-223 Read on Object Instance (server side)
  Asked to read the Server object instance and the Device object instance in TLV, the server must
  send a Read of each with Accept 11542 and decode every resource of the Test Client's answer,
  each instance of a multiple resource included.

  Scenario: LightweightM2M-1.1-int-223 Read on Object Instance (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /1/0, then /3/0, each with Accept 11542
    When (1) the server is asked to read /1/0, /3/0 in format tlv
    Then (A) each Read the server sends is a GET on its path with the Accept of that format
    And (B) the server reports the values the Test Client answered
