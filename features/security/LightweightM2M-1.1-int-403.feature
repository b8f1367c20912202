@LightweightM2M-1.1-int-403 @lwm2m-1.1 @dut-client @security @requires-security-x509
Feature: LightweightM2M-1.1-int-403 Certificate - server identity check failure
  The Test Server presents a certificate that chains to the trust anchor the client knows but
  is issued for another host name (ETS configuration C.18). The client must check the server's
  identity against its Server URI and refuse the handshake.

  Scenario: LightweightM2M-1.1-int-403 Certificate - server identity check failure
    # Positive control: the same client, with the same trust anchor, accepts the right certificate
    Given the client, configured as for this case, completes a DTLS handshake with the Test Server's valid certificate and registers
    And the Test Server presents a certificate issued for another host name
    And the client is switched on with the Test Server as its only LwM2M Server
    # Step 1: the DTLS handshake with the wrong-host certificate
    Then (A) the client attempts a DTLS handshake, refuses it, and registers nothing within the quiet window
