@LightweightM2M-1.1-int-402 @lwm2m-1.1 @dut-server @requires-transport-udp @security @requires-security-x509 @action-read
Feature: LightweightM2M-1.1-int-402 UDP Channel Security - Certificate mode (server side)
  The Test Client opens a DTLS 1.2 session with the server under test in certificate mode
  (ETS configuration C.17, Security Mode 2): it presents the client certificate the profile
  declares and accepts only a server certificate that chains to the declared CA and names the
  server's host. It registers inside the session; the server must then read over the same one.
  Runs when the server profile sets security.mode to x509.

  Scenario: LightweightM2M-1.1-int-402 UDP Channel Security - Certificate mode (server side)
    Given the server under test is running
    # Steps 1-3: DTLS handshake with an ECDHE_ECDSA cipher suite and certificates on both sides, then Register (CoAP POST /rd) inside it
    When (1) the Test Client completes a DTLS handshake with the server under test and sends a Register request inside it
    Then (A) the handshake used a certificate cipher suite and the Register was answered "2.01 Created" with a Location-Path
    # Steps 4-5: Read (CoAP GET /3/0) as in int-203, over the same session
    And (B) asked to read /3/0 in format tlv, the server sends the Read over the same DTLS session and reports the Test Client's values
