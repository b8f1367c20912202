@LightweightM2M-1.0-int-215 @LightweightM2M-1.1-int-215 @lwm2m-1.0 @dut-client @device-management @requires-format-tlv @requires-server-disable @erratum-int-215-criterion-steps @erratum-int-215-replace-lifetime
Feature: LightweightM2M-1.1-int-215 Setting basic information in TLV format
  The Test Server updates its Server instance partially (POST) with 215-SetOfValues in TLV,
  reads it back, then replaces it (PUT) with the values it saved first and reads again (C.3).

  Scenario: LightweightM2M-1.1-int-215 Setting basic information in TLV format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.3
    And the Test Server has saved the values of /1/x
    # Step 1: partial update (CoAP POST /1/x) with 215-SetOfValues, Content-Format 11542
    When (1) the Test Server writes these values to /1/x by a partial update, in Content-Format 11542:
      | path   | value |
      | /1/x/2 | 101   |
      | /1/x/3 | 1010  |
      | /1/x/5 | 2000  |
      | /1/x/6 | true  |
      | /1/x/7 | "U"   |
    Then (A) each Write is answered "2.04 Changed"
    # Step 2: Read (CoAP GET /1/x) with Accept: 11542
    When (2) the Test Server reads /1/x, accepting Content-Format 11542
    Then (B) the Read shows the written values, and the saved values of /1/x where nothing was written
    # Step 3: replace (CoAP PUT /1/x) with the saved values (the ETS text cites steps "4" and "6": an erratum)
    When (3) the Test Server writes the saved values of /1/x back by a replace, in Content-Format 11542
    Then (A) each Write is answered "2.04 Changed"
    # Step 4: Read (CoAP GET /1/x)
    When (4) the Test Server reads /1/x, accepting Content-Format 11542
    Then (C) the Read shows the saved values of /1/x again
