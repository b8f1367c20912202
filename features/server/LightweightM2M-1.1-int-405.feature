@LightweightM2M-1.1-int-405 @lwm2m-1.1 @dut-server @security @requires-oscore @requires-format-tlv @action-read @erratum-int-405-configuration
Feature: LightweightM2M-1.1-int-405 OSCORE (server side)
  The Test Client talks to the server under test with OSCORE (RFC 8613; ETS configuration C.22):
  its Register goes protected (outer code POST, the real code, Uri-Path and payload encrypted),
  and the server must answer it protected (outer code 2.04 Changed, inside 2.01 Created with a
  Location-Path) and protect its own requests (outer POST, inside GET /3/0). Judged from the
  wire: the outer message as the server sent it, the decrypted inner message as the evidence.
  Runs when the server profile declares the ICS feature oscore; the harness chooses the keys.

  Scenario: LightweightM2M-1.1-int-405 OSCORE (server side)
    Given the server under test is running
    # Steps 1-2: Register (CoAP POST /rd) inside OSCORE, outer code POST
    When (1) the Test Client sends a Register request protected with OSCORE to the server under test
    Then (A) the answer carried the OSCORE option under the outer code 2.04 Changed and decrypted to "2.01 Created" with a Location-Path
    # Steps 3-4: Read (CoAP GET /3/0) protected by the server, answered inside OSCORE
    And (B) asked to read /3/0 in format tlv, the server sends the Read protected with OSCORE, outer code POST and inner GET, and reports the Test Client's values
