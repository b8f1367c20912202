@LightweightM2M-1.1-int-405 @lwm2m-1.1 @dut-client @security @requires-oscore @erratum-int-405-configuration
Feature: LightweightM2M-1.1-int-405 OSCORE
  The client protects its messages to the Test Server with OSCORE (RFC 8613; ETS configuration
  C.22, an OSCORE object /21 instance linked from the Test Server's Security account): every
  message carries the OSCORE option, its real code, Uri-Path and payload travel encrypted under
  the outer code POST (requests) or 2.04 Changed (responses). The Register is answered
  "2.01 Created" and a Read of /3/0 succeeds. Judged from the wire: the outer message as sent,
  the decrypted inner message as the evidence (both in the trace).
  Runs when the DUT profile declares the ICS feature oscore; the harness chooses the keys.

  Scenario: LightweightM2M-1.1-int-405 OSCORE
    Given the client is switched on with the Test Server as its only LwM2M Server
    # Steps 1-2: Register (CoAP POST /rd) inside OSCORE, outer code POST
    When (1) the client sends its first request, a Register protected with OSCORE, to the Test Server
    Then (A) the Register carried the OSCORE option under the outer code POST, decrypted to POST /rd, and was answered "2.01 Created"
    # Steps 3-4: Read (CoAP GET /3/0) protected by the Test Server, answered inside OSCORE, outer code 2.04
    When (3) the Test Server reads /3/0 in the client's preferred format
    Then (B) the Read response carried the OSCORE option under the outer code 2.04 Changed and decrypted to "2.05 Content" with the Device object values the DUT declares, and every message from the client carried the OSCORE option
