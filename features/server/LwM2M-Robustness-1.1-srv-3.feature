@LwM2M-Robustness-1.1-srv-3 @lwm2m-1.1 @dut-server @security @requires-security-psk
Feature: LwM2M-Robustness-1.1-srv-3 A client with the wrong pre-shared key refused (server side)
  Not an OMA ETS case: a check of the harness's own, which the ETS lacks. A server in pre-shared
  key mode (Security Mode 0) looks the key up by the client's PSK identity (RFC 4279 §2) and may
  complete the DTLS handshake only when the client's Finished proves it holds that key (RFC 5246
  §7.4.9, RFC 6347): a client with an identity the server does not know, or with the right
  identity and a wrong key, gets an alert or silence, never the server's Finished, and cannot
  register. Refusing them must not stop the server from accepting the client that holds the key.
  Over CoAP over TLS (a coaps+tcp:// serverUri, RFC 8323 §9) the same holds for the TLS 1.2 PSK
  handshake (RFC 4279, RFC 5246): the refused Test Client's connection gets an alert or is
  closed before the server's Finished, so its CSM and Register never get through. Runs when the
  server profile sets security.mode to psk, over DTLS or TLS.

  Scenario: LwM2M-Robustness-1.1-srv-3 A client with the wrong pre-shared key refused (server side)
    Given the server under test is running
    # Positive control: the declared PSK identity and key complete the handshake and register
    And the Test Client with the declared credentials completes a secure handshake with the server under test and registers
    When (1) a Test Client with a PSK identity the server does not know tries a secure handshake and a Register
    Then (A) the server refuses the handshake with an alert or silence, without a Finished of its own, and answers no Register
    When (2) a Test Client with the declared PSK identity and a wrong key tries a secure handshake and a Register
    Then (B) the server refuses the handshake with an alert or silence, without a Finished of its own, and answers no Register
    When (3) the Test Client with the declared credentials closes its secure session, completes a new handshake and sends a Register request inside it
    Then (C) the handshake used a pre-shared key cipher suite and the Register was answered "2.01 Created" with a Location-Path
