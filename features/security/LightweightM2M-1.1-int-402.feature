@LightweightM2M-1.1-int-402 @lwm2m-1.1 @dut-client @security @requires-security-x509
Feature: LightweightM2M-1.1-int-402 UDP Channel Security - Certificate mode
  The client secures its channel to the Test Server with DTLS 1.2 in certificate mode (ETS
  configuration C.17, Security Mode 2): both sides present X.509 certificates.
  Runs when the DUT profile sets security.mode to x509.

  Scenario: LightweightM2M-1.1-int-402 UDP Channel Security - Certificate mode
    Given the client is switched on with the Test Server as its only LwM2M Server
    # Steps 1-3: DTLS handshake with an ECDHE_ECDSA cipher suite and certificates, then Register
    When (1) the client sends a Register request to the Test Server
    Then (A) the Register arrived over a DTLS session that used a certificate cipher suite and a client certificate the Test Server trusts, and was answered "2.01 Created"
    # Steps 4-5: Read (CoAP GET /3/0) over the same session
    When (4) the Test Server reads /3/0 in the client's preferred format
    Then (B) the Read is answered "2.05 Content" over the same DTLS session, with the Device object values the DUT declares
