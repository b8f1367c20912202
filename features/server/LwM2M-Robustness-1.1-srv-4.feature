@LwM2M-Robustness-1.1-srv-4 @lwm2m-1.1 @dut-server @requires-transport-udp @security @requires-security-rpk
Feature: LwM2M-Robustness-1.1-srv-4 A client with an unknown raw public key refused (server side)
  Not an OMA ETS case: a check of the harness's own, which the ETS lacks. A server in raw public
  key mode (Security Mode 1, RFC 7250) accepts only the client public keys it was provisioned with
  (LwM2M 1.1 Transport §5.2.5; RFC 7250 §3: the key itself is the identity): a client presenting
  another key gets an alert or silence, never the server's Finished, and cannot register.
  Refusing it must not stop the server from accepting the client whose key it knows.
  Runs when the server profile sets security.mode to rpk.

  Scenario: LwM2M-Robustness-1.1-srv-4 A client with an unknown raw public key refused (server side)
    Given the server under test is running
    # Positive control: the declared key pair completes the handshake and registers
    And the Test Client with the declared credentials completes a DTLS handshake with the server under test and registers
    When (1) a Test Client with a raw public key the server does not know tries a DTLS handshake and a Register
    Then (A) the server refuses the handshake with an alert or silence, without a Finished of its own, and answers no Register
    When (2) the Test Client with the declared credentials closes its DTLS session, completes a new handshake and sends a Register request inside it
    Then (B) the handshake used a raw public key cipher suite and the Register was answered "2.01 Created" with a Location-Path
