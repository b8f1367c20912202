@LightweightM2M-1.0-int-401 @LightweightM2M-1.1-int-401 @lwm2m-1.0 @dut-client @security @requires-security-psk
Feature: LightweightM2M-1.1-int-401 UDP Channel Security - Pre-shared Key Mode
  The client secures its channel to the Test Server with DTLS 1.2 in pre-shared key mode
  (ETS configuration C.1, Security Mode 0), registers over it and answers a Read over it.
  Runs when the DUT profile sets security.mode to psk.

  Scenario: LightweightM2M-1.1-int-401 UDP Channel Security - Pre-shared Key Mode
    Given the client is switched on with the Test Server as its only LwM2M Server
    # Steps 1-3: DTLS handshake with a PSK cipher suite, then Register (CoAP POST /rd) inside it
    When (1) the client sends a Register request to the Test Server
    Then (A) the Register arrived over a DTLS session that used a pre-shared key cipher suite and the declared PSK identity, and was answered "2.01 Created"
    # Steps 4-5: Read (CoAP GET /3/0), as in int-203, over the same session
    When (4) the Test Server reads /3/0 in the client's preferred format
    Then (B) the Read is answered "2.05 Content" over the same DTLS session, with the Device object values the DUT declares
