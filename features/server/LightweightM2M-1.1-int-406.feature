@LightweightM2M-1.1-int-406 @lwm2m-1.1 @dut-server @security @requires-transport-tcp @requires-security-psk @requires-format-tlv @action-read
Feature: LightweightM2M-1.1-int-406 TCP channel security - TLS PSK (server side)
  The Test Client reaches the server under test over CoAP over TLS 1.2 (RFC 8323) with the PSK
  identity and key the profile declares (ETS configuration C.20), opens the connection with its
  CSM, registers with binding T, and the server must then read from it over the same connection.
  Criterion A judges the Bootstrap-Server stage, which is not part of this server-side case.
  Runs when the server profile's serverUri is coaps+tcp:// and security.mode is psk.

  Scenario: LightweightM2M-1.1-int-406 TCP channel security - TLS PSK (server side)
    Given the server under test is running
    # Step 4: TCP + TLS-PSK + CSM to the server, then POST /rd?...&b=T
    When (4) the Test Client opens a connection to the server under test with its CSM and sends a Register request with binding T
    Then (B) the TLS connection used a pre-shared key cipher suite, the server opened its side with its CSM, and the Register with binding T was answered "2.01 Created" with a Location-Path
    # Step 5: GET /3/0 over the same connection
    And (C) asked to read /3/0 in format tlv, the server sends the Read over the same connection and reports the Test Client's values
