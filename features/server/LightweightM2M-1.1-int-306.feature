@LightweightM2M-1.1-int-306 @lwm2m-1.1 @dut-server @information-reporting @requires-send
Feature: LightweightM2M-1.1-int-306 Send Operation (server side)
  The Test Client reports values with Send (POST /dp, SenML CBOR); the server must answer
  "2.04 Changed".

  Scenario: LightweightM2M-1.1-int-306 Send Operation (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP POST /dp with /3/0/9 (Battery Level) in SenML CBOR
    When (1) the Test Client sends /3/0/9 by Send
    Then (A) the server answers "2.04 Changed"
