@LightweightM2M-1.1-int-256 @lwm2m-1.1 @dut-client @device-management @requires-format-text
Feature: LightweightM2M-1.1-int-256 Write Operation Failure
  The Test Server writes the read-only Short Server ID of its Server instance: the client refuses
  with 4.05 and the value stays as it was (C.1).

  Scenario: LightweightM2M-1.1-int-256 Write Operation Failure
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    And the Test Server has saved the values of /1/x/0
    # Step 1: Write (CoAP PUT /1/x/0) = 123
    When (1) the Test Server writes each of these resources by a replace, in Content-Format 0:
      | path   | value |
      | /1/x/0 | 123   |
    Then (A) each Write is answered "4.05 Method Not Allowed"
    # Step 2: Read (CoAP GET /1/x/0)
    When (2) the Test Server reads /1/x/0, accepting Content-Format 0
    Then (B) the Read shows the saved values of /1/x/0 again
