@LightweightM2M-1.1-int-7 @lwm2m-1.1 @dut-client @bootstrap @requires-bootstrap-client-initiated
Feature: LightweightM2M-1.1-int-7 Fallback to bootstrap
  The Test Bootstrap Server provisions an LwM2M Server that never answers (a socket the harness
  holds and ignores). When its registration fails, the client must bootstrap again (Bootstrap on
  Registration Failure, LwM2M TS 1.1 §6.1.3 and /1/x/16), and register with the account it then
  gets. How long the client may try first is timers.registrationTimeoutMs plus its hold-off.

  Scenario: LightweightM2M-1.1-int-7 Fallback to bootstrap
    Given the client has been bootstrapped with an account for an LwM2M Server that never answers
    When (1) the client sends a Register request to that server
    Then (A) the client sends a new Bootstrap-Request to the Test Bootstrap Server once that Register fails
    When (2) the Test Bootstrap Server writes the Test Server's account again and sends Bootstrap-Finish
    And (3) the Test Server waits for the client to register
    Then (B) the client registered at the Test Server, answered "2.01 Created"
