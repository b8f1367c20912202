@LightweightM2M-1.1-int-227 @lwm2m-1.1 @dut-client @device-management @requires-format-text
Feature: LightweightM2M-1.1-int-227 Write (replace) on Resource
  The Test Server replaces the Lifetime of its Server instance (PUT, Plain Text); the client
  announces it with an Update; the old lifetime is written back the same way (C.1).

  Scenario: LightweightM2M-1.1-int-227 Write (replace) on Resource
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    And the Test Server has saved the values of /1/x/1
    # Step 1: Write (CoAP PUT /1/x/1) = 63
    When (1) the Test Server writes each of these resources by a replace, in Content-Format 0:
      | path   | value |
      | /1/x/1 | 63    |
    Then (A) each Write is answered "2.04 Changed"
    And (A) the client sends an Update carrying the written lifetime
    # Step 2: Read (CoAP GET /1/x/1)
    When (2) the Test Server reads /1/x/1, accepting Content-Format 0
    Then (B) the Read shows the written values
    # Step 3: Write the saved lifetime back
    When (3) the Test Server writes the saved values of /1/x/1 back by a replace, in Content-Format 0
    Then (C) each Write is answered "2.04 Changed"
    And (C) the client sends an Update carrying the written lifetime
