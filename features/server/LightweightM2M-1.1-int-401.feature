@LightweightM2M-1.0-int-401 @LightweightM2M-1.1-int-401 @lwm2m-1.0 @dut-server @requires-transport-udp @security @requires-security-psk @action-read
Feature: LightweightM2M-1.1-int-401 UDP Channel Security - Pre-shared Key Mode (server side)
  The Test Client opens a DTLS 1.2 session with the server under test in pre-shared key mode
  (ETS configuration C.1, Security Mode 0), with the PSK identity and key the profile declares,
  registers inside it, and the server must then read from it over the same session.
  Runs when the server profile sets security.mode to psk.

  Scenario: LightweightM2M-1.1-int-401 UDP Channel Security - Pre-shared Key Mode (server side)
    Given the server under test is running
    # Steps 1-3: DTLS handshake with a PSK cipher suite, then Register (CoAP POST /rd) inside it
    When (1) the Test Client completes a DTLS handshake with the server under test and sends a Register request inside it
    Then (A) the handshake used a pre-shared key cipher suite and the Register was answered "2.01 Created" with a Location-Path
    # Steps 4-5: Read (CoAP GET /3/0) as in int-203, over the same session
    And (B) asked to read /3/0 in format tlv, the server sends the Read over the same DTLS session and reports the Test Client's values
