@LightweightM2M-1.1-int-226 @lwm2m-1.1 @dut-client @device-management @requires-format-tlv
Feature: LightweightM2M-1.1-int-226 Write (Partial Update) on Object Instance
  The Test Server updates Lifetime and Notification Storing of its Server instance partially
  (POST, TLV); the client announces the new lifetime with an Update. Then the old values are
  written back the same way (C.1).

  Scenario: LightweightM2M-1.1-int-226 Write (Partial Update) on Object Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    And the Test Server has saved the values of /1/x
    # Step 1: partial update (CoAP POST /1/x): Lifetime 61, Notification Storing true
    When (1) the Test Server writes these values to /1/x by a partial update, in Content-Format 11542:
      | path   | value |
      | /1/x/1 | 61    |
      | /1/x/6 | true  |
    Then (A) each Write is answered "2.04 Changed"
    And (A) the client sends an Update carrying the written lifetime
    # Step 2: Read (CoAP GET /1/x)
    When (2) the Test Server reads /1/x, accepting Content-Format 11542
    Then (B) the Read shows the written values, and the saved values of /1/x where nothing was written
    # Step 3: partial update with the saved values
    When (3) the Test Server writes the saved values of /1/x back by a partial update, in Content-Format 11542
    Then (C) each Write is answered "2.04 Changed"
    And (C) the client sends an Update carrying the written lifetime
    When (4) the Test Server reads /1/x, accepting Content-Format 11542
    Then (C) the Read shows the saved values of /1/x again
