@LightweightM2M-1.1-int-306 @lwm2m-1.1 @dut-client @information-reporting @requires-send
Feature: LightweightM2M-1.1-int-306 Send Operation
  The client sends data to the Test Server on its own (LwM2M 1.1 Send, POST /dp); how it is
  made to is the profile's declared.sendTrigger. The Test Server answers 2.04.

  Scenario: LightweightM2M-1.1-int-306 Send Operation
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    When (1) the Test Server makes the client Send, as its profile says
    And (2) the client sends a Send request to the Test Server
    Then (A) the Send is SenML JSON or SenML CBOR and carries only objects the client registered
