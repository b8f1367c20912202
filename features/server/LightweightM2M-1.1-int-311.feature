@LightweightM2M-1.1-int-311 @lwm2m-1.1 @dut-server @information-reporting @requires-send @action-sent-values
Feature: LightweightM2M-1.1-int-311 Send command (server side)
  The Test Client sends the Lifetime and an Error Code by Send; the server must answer
  "2.04 Changed" and make the values known.

  Scenario: LightweightM2M-1.1-int-311 Send command (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP POST /dp with /1/0/1 = 86400 and /3/0/11/0 = 0 in SenML CBOR
    When (1) the Test Client sends /1/0/1, /3/0/11/0 by Send after setting /1/0/1 to 86400
    Then (A) the server answers "2.04 Changed"
    And (B) the server reports the values the Test Client sent
