@LightweightM2M-1.1-int-221 @lwm2m-1.1 @dut-client @device-management @requires-format-text
Feature: LightweightM2M-1.1-int-221 Attempt to perform operations on Security
  The Security object is not for LwM2M Servers: a Read, a Write and a Write-Attributes on it are
  each answered 4.01 Unauthorized (C.1).

  Scenario: LightweightM2M-1.1-int-221 Attempt to perform operations on Security
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /0)
    When (1) the Test Server reads /0 without an Accept option
    Then (A) each Read is answered "4.01 Unauthorized"
    # Step 2: Write (CoAP PUT /0/0/0)
    When (2) the Test Server writes each of these resources by a replace, in Content-Format 0:
      | path   | value                     |
      | /0/0/0 | "coap://192.0.2.1:5683"   |
    Then (B) each Write is answered "4.01 Unauthorized"
    # Step 3: Write-Attributes (CoAP PUT /0?pmin=30&pmax=45)
    When (3) the Test Server writes the attributes "pmin=30&pmax=45" to /0
    Then (C) each Write is answered "4.01 Unauthorized"
