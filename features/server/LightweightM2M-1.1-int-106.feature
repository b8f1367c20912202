@LightweightM2M-1.1-int-106 @lwm2m-1.1 @dut-server @registration @requires-transport-tcp @requires-format-tlv @action-read
Feature: LightweightM2M-1.1-int-106 TCP Binding (server side)
  The Test Client reaches the server under test over CoAP over TCP (RFC 8323): both sides open
  the connection with a CSM, the Test Client registers with binding T, and the server must then
  read from it over the same connection (a server cannot open one to a client).
  Runs when the server profile's serverUri is coap+tcp:// (or coaps+tcp://).

  Scenario: LightweightM2M-1.1-int-106 TCP Binding (server side)
    Given the server under test is running
    # Step 1: TCP connection, CSM in both directions, then POST /rd?ep=...&lt=...&lwm2m=...&b=T
    When (1) the Test Client opens a connection to the server under test with its CSM and sends a Register request with binding T
    Then (A) the server opens its side of the connection with its CSM, and does not abort
    And (B) the Register with binding T is answered "2.01 Created" with a Location-Path
    # Read (CoAP GET /3/0) over the same connection, as in int-203
    And (C) asked to read /3/0 in format tlv, the server sends the Read over the same connection and reports the Test Client's values
