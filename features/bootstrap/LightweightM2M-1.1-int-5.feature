@LightweightM2M-1.1-int-5 @lwm2m-1.1 @dut-client @bootstrap @requires-bootstrap-server-initiated @requires-bootstrap-client-initiated
Feature: LightweightM2M-1.1-int-5 Server Initiated Bootstrap
  A registered client is told by the Test Server to bootstrap again: the Test Server executes
  the Bootstrap-Request Trigger of its Server instance (/1/x/9, LwM2M 1.1). The client answers,
  asks the Test Bootstrap Server for its configuration and completes a bootstrap as in int-0.
  The client reaches the registered state by a client-initiated bootstrap first.

  Scenario: LightweightM2M-1.1-int-5 Server Initiated Bootstrap
    Given the client has bootstrapped from the Test Bootstrap Server and registered at the Test Server
    # Step 1: Execute (CoAP POST /1/x/9)
    When (1) the Test Server executes Bootstrap-Request Trigger on its Server instance
    Then (A) the client answers "2.04 Changed"
    And (B) the client sends a Bootstrap-Request to the Test Bootstrap Server
    When (2) the Test Bootstrap Server writes the Test Server's account again and sends Bootstrap-Finish
    Then (C) the Bootstrap-Finish is answered "2.04 Changed"
