@LightweightM2M-1.1-int-225 @lwm2m-1.1 @dut-server @device-management @requires-format-tlv @action-read
Feature: LightweightM2M-1.1-int-225 Read on Resource Instance (server side)
  Asked to read one instance of the multiple resource Error Code in TLV, the server must send a
  Read of that resource instance with Accept 11542 and report the value the Test Client answered.

  Scenario: LightweightM2M-1.1-int-225 Read on Resource Instance (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /3/0/11/0 with Accept 11542
    When (1) the server is asked to read /3/0/11/0 in format tlv
    Then (A) each Read the server sends is a GET on its path with the Accept of that format
    And (B) the server reports the values the Test Client answered
