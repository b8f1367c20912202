@LightweightM2M-1.1-int-224 @lwm2m-1.1 @dut-server @device-management @requires-format-tlv @action-read
Feature: LightweightM2M-1.1-int-224 Read on Resource (server side)
  Asked to read single resources of the Server object instance and of the Device object in TLV,
  the server must send a Read of each resource with Accept 11542 and report the value the Test
  Client answered.

  Scenario: LightweightM2M-1.1-int-224 Read on Resource (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /1/0/0, /1/0/1, /1/0/6, /1/0/7, /3/0/16, each with Accept 11542
    When (1) the server is asked to read /1/0/0, /1/0/1, /1/0/6, /1/0/7, /3/0/16 in format tlv
    Then (A) each Read the server sends is a GET on its path with the Accept of that format
    And (B) the server reports the values the Test Client answered
