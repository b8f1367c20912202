@LightweightM2M-1.1-int-311 @lwm2m-1.1 @dut-client @information-reporting @requires-send
Feature: LightweightM2M-1.1-int-311 Send command
  The client Sends its Lifetime (/1/x/1) and an Error Code (/3/0/11/0); the values must be those
  a Read gives (ETS configuration C.1). The client is made to Send as its profile says.

  Scenario: LightweightM2M-1.1-int-311 Send command
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    When (1) the Test Server makes the client Send, as its profile says
    And (2) the client sends a Send request to the Test Server
    Then (A) the Send carries /1/x/1, /3/0/11/0 with the values a Read gives
