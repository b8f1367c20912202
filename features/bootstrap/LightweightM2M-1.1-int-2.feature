@LightweightM2M-1.0-int-2 @LightweightM2M-1.1-int-2 @lwm2m-1.0 @dut-client @bootstrap @requires-bootstrap-client-initiated @requires-security-x509
Feature: LightweightM2M-1.1-int-2 Client Initiated Bootstrap Full (Cert)
  As int-0 over DTLS with certificates: the Test Bootstrap Server provisions the Test Server's
  account with Security Mode 2, the client certificate and key and the Test Server's
  certificate (DER), then the client registers with the Test Server over DTLS and answers a
  Read there (int-402 passes). Runs when the DUT profile sets security.mode to x509.

  Scenario: LightweightM2M-1.1-int-2 Client Initiated Bootstrap Full (Cert)
    Given the client starts with only a Bootstrap-Server account, for the Test Bootstrap Server
    # Step 1: Bootstrap-Request (CoAP POST /bs?ep=...), using the Bootstrap-Server account
    When (1) the client sends a Bootstrap-Request to the Test Bootstrap Server
    Then (A) the Bootstrap-Request carries the client's endpoint name and is answered "2.04 Changed"
    # Step 2: Bootstrap-Write (CoAP PUT /0 and PUT /1)
    When (2) the Test Bootstrap Server writes the Security and Server accounts of the Test Server
    Then (B, C) the client answers each Bootstrap-Write "2.04 Changed"
    # Step 3: Bootstrap-Discover (CoAP GET / with Accept: application/link-format)
    When (3) the Test Bootstrap Server sends a Bootstrap-Discover of /
    Then (D) the Bootstrap-Discover is answered "2.05 Content" listing the enabler version, the Test Server's Security and Server instances with its Short Server ID, a Bootstrap-Server account and the Device instance
    # Step 4: Bootstrap-Finish (CoAP POST /bs)
    When (4) the Test Bootstrap Server sends Bootstrap-Finish
    Then (E) the Bootstrap-Finish is answered "2.04 Changed"
    # Then as int-402: Register over DTLS with the provisioned credentials, and a Read over that session
    When (5) the Test Server waits for the client to register
    Then (F) the client registered at the Test Server, answered "2.01 Created"
    And (F) the Register arrived over a DTLS session that used a certificate cipher suite and a client certificate the Test Server trusts, and was answered "2.01 Created"
    When (6) the Test Server reads /3/0 in the client's preferred format
    Then (F) the Read is answered "2.05 Content" over the same DTLS session, with the Device object values the DUT declares
