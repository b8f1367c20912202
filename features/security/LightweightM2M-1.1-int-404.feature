@LightweightM2M-1.1-int-404 @lwm2m-1.1 @dut-client @security @requires-transport-tcp @requires-security-x509 @requires-bootstrap-client-initiated
Feature: LightweightM2M-1.1-int-404 TCP channel security - TLS certificate
  The client reaches the Test Bootstrap Server and then the Test Server over CoAP over TLS
  (RFC 8323) with X.509 certificates (ETS configuration C.19): each connection opens with a
  CSM, the bootstrap provisions the coaps+tcp:// account of the Test Server with Security Mode 2,
  the client certificate and key and the Test Server's certificate (DER), the client registers
  there with binding T, presenting its certificate, and answers a Read over the same connection.
  Runs when the DUT profile sets security.mode to x509 and declares transport-tcp.

  Scenario: LightweightM2M-1.1-int-404 TCP channel security - TLS certificate
    Given the client starts with only a Bootstrap-Server account, for the Test Bootstrap Server, and both Test servers listen on CoAP over TLS
    # Bootstrap stage: TCP + TLS-PSK + CSM to the Test Bootstrap Server, Bootstrap-Request, Writes, Finish
    When (1) the client sends a Bootstrap-Request to the Test Bootstrap Server
    Then (A) the client opened its TLS connection to the Test Bootstrap Server with its CSM, with a certificate cipher suite and a client certificate the Test Server trusts
    And (A) the Bootstrap-Request carries the client's endpoint name and is answered "2.04 Changed"
    When (2) the Test Bootstrap Server writes the Security and Server accounts of the Test Server
    Then (A) the client answers each Bootstrap-Write "2.04 Changed"
    When (3) the Test Bootstrap Server sends Bootstrap-Finish
    Then (A) the Bootstrap-Finish is answered "2.04 Changed"
    # Server stage: TCP + TLS-PSK + CSM to the Test Server, POST /rd?...&b=T
    When (4) the Test Server waits for the client to register
    Then (B) the client registered at the Test Server, answered "2.01 Created"
    And (B) the Register arrived over a TLS connection opened with the client's CSM, with a certificate cipher suite and a client certificate the Test Server trusts, carried b=T and was answered "2.01 Created"
    # GET /3/0 over the same connection
    When (5) the Test Server reads /3/0 in the client's preferred format
    Then (C) the Read is answered "2.05 Content" over the same TLS connection, with the Device object values the DUT declares
