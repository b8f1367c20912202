@LightweightM2M-1.0-int-220 @LightweightM2M-1.1-int-220 @lwm2m-1.0 @dut-client @device-management @requires-format-json @requires-server-disable @erratum-int-220-json
Feature: LightweightM2M-1.1-int-220 Setting basic information in JSON format
  The Test Server updates its Server instance partially (POST) with 220-SetOfValues in JSON,
  reads it back, then replaces it (PUT) with the values it saved first and reads again (C.3).

  Scenario: LightweightM2M-1.1-int-220 Setting basic information in JSON format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.3
    And the Test Server has saved the values of /1/x
    # Step 1: partial update (CoAP POST /1/x) with 220-SetOfValues, Content-Format 11543
    When (1) the Test Server writes these values to /1/x by a partial update, in Content-Format 11543:
      | path   | value |
      | /1/x/2 | 101   |
      | /1/x/3 | 1010  |
      | /1/x/5 | 2000  |
      | /1/x/6 | true  |
      | /1/x/7 | "U"   |
    Then (A) each Write is answered "2.04 Changed"
    # Step 2: Read (CoAP GET /1/x) with Accept: 11543
    When (2) the Test Server reads /1/x, accepting Content-Format 11543
    Then (B) the Read shows the written values, and the saved values of /1/x where nothing was written
    # Step 3: replace (CoAP PUT /1/x) with the saved values (the ETS text cites steps "4" and "6": an erratum)
    When (3) the Test Server writes the saved values of /1/x back by a replace, in Content-Format 11543
    Then (A) each Write is answered "2.04 Changed"
    # Step 4: Read (CoAP GET /1/x)
    When (4) the Test Server reads /1/x, accepting Content-Format 11543
    Then (C) the Read shows the saved values of /1/x again
