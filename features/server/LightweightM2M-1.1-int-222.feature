@LightweightM2M-1.1-int-222 @lwm2m-1.1 @dut-server @device-management @requires-format-tlv @action-read
Feature: LightweightM2M-1.1-int-222 Read on Object (server side)
  Asked to read whole objects (Server /1, Device /3) in TLV, the server must send a Read of each
  object with Accept 11542 and decode every instance and resource of the Test Client's answer,
  the multiple resources of the Device object (Available Power Sources, Power Source Voltage,
  Error Code) included.

  Scenario: LightweightM2M-1.1-int-222 Read on Object (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /1, then /3, each with Accept 11542
    When (1) the server is asked to read /1, /3 in format tlv
    Then (A) each Read the server sends is a GET on its path with the Accept of that format
    And (B) the server reports the values the Test Client answered
