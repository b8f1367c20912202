@LightweightM2M-1.1-int-6 @lwm2m-1.1 @dut-client @bootstrap @requires-bootstrap-factory @requires-bootstrap-client-initiated
Feature: LightweightM2M-1.1-int-6 Bootstrap Sequence
  The client starts from a factory configuration holding both an LwM2M Server account and a
  Bootstrap-Server account (C.13 plus a server account; the profile's launch.factory). LwM2M TS
  1.1 §6.1 orders the start-up: smartcard, then the factory configuration, then Register to the
  LwM2M Servers it holds, and client-initiated bootstrap only if every registration fails. The
  harness judges what the wire shows of that order, powering the client on twice:
  with the server account usable it must register and not bootstrap; with the server account for
  a server that never answers it must fall back to client-initiated bootstrap and then register
  where the Test Bootstrap Server points it. The smartcard step needs a smartcard the harness does
  not have (int-3); server-initiated bootstrap is int-5. The ETS gives the order as one criterion;
  the letters below split it into what can be observed.

  Scenario: LightweightM2M-1.1-int-6 Bootstrap Sequence
    Given the client holds a factory configuration with an LwM2M Server account and a Bootstrap-Server account for the Test Bootstrap Server
    # Both accounts usable: register with the factory server account, no bootstrap
    When (1) the client is switched on with its LwM2M Server account for the Test Server
    Then (A) the client registered at the Test Server from its factory account, answered "2.01 Created", before any Bootstrap-Request
    # A must-not-send criterion: (A) is its positive control, the client did the right thing
    Then (B) the client sends no Bootstrap-Request while it is registered
    # The server account fails: client-initiated bootstrap, then Register where it points
    When (2) the client is switched on again, its LwM2M Server account now for a server that never answers
    And (2) the client sends a Register request to that server
    Then (C) the client sends a new Bootstrap-Request to the Test Bootstrap Server once that Register fails
    When (3) the Test Bootstrap Server writes the Test Server's account and sends Bootstrap-Finish
    And (4) the Test Server waits for the client to register
    Then (D) the client registered at the Test Server, answered "2.01 Created"
