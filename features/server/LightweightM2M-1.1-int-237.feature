@LightweightM2M-1.1-int-237 @lwm2m-1.1 @dut-server @device-management @requires-format-senml-json @requires-format-senml-cbor @action-read
Feature: LightweightM2M-1.1-int-237 Read on Object without specifying Content-Type (server side)
  Asked to read the Device object without a format, the server sends no Accept; the Test Client
  answers in a format of its choice, which the server must decode.

  Scenario Outline: LightweightM2M-1.1-int-237 Read on Object without specifying Content-Type (server side), answered in <format>
    Given the server under test is running
    And the Test Client answers reads without an Accept in format <format>
    And the Test Client has registered with the server under test
    # CoAP GET /3 without Accept
    When (1) the server is asked to read /3 without a format
    Then (A) the Read the server sends is a GET on its path without an Accept option
    And (B) the server reports the values the Test Client answered

    Examples:
      | format     |
      | senml-cbor |
      | senml-json |
