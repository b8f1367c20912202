@LightweightM2M-1.0-int-651 @LightweightM2M-1.1-int-651 @lwm2m-1.0 @dut-client @device-management @requires-format-tlv @erratum-int-651-restore-step
Feature: LightweightM2M-1.1-int-651 Check Access to the Resources (Device object)
  The Test Server updates Current Time, UTC Offset and Timezone of the Device object partially
  (POST, TLV) with 651-SetOfValues, reads the instance, writes the values it saved first back by a
  replace (PUT) and reads again (C.6).

  Scenario: LightweightM2M-1.1-int-651 Check Access to the Resources (Device object)
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.6
    And the Test Server has saved the values of /3/0
    # Step 1: partial update (CoAP POST /3/0) with 651-SetOfValues, Content-Format 11542
    When (1) the Test Server writes these values to /3/0 by a partial update, in Content-Format 11542:
      | path    | value          |
      | /3/0/13 | 1367491215     |
      | /3/0/14 | "+02:00"       |
      | /3/0/15 | "Europe/Paris" |
    Then (A) each Write is answered "2.04 Changed"
    # Step 2: Read (CoAP GET /3/0); Current Time runs on from the written value
    When (2) the Test Server reads /3/0, accepting Content-Format 11542
    Then (A) each Read is answered "2.05 Content" in Content-Format 11542 with the data of its level
    And (B) the Read shows the written values
    # Step 3: replace (CoAP PUT /3/0) with the saved values
    When (3) the Test Server writes the saved values of /3/0 back by a replace, in Content-Format 11542
    Then (A) each Write is answered "2.04 Changed"
    # Step 4: Read (CoAP GET /3/0); criterion C cites "step 7 … C.3": an erratum, step 4 and the saved values are meant
    When (4) the Test Server reads /3/0, accepting Content-Format 11542
    Then (A) each Read is answered "2.05 Content" in Content-Format 11542 with the data of its level
    And (C) the Read shows the saved values of /3/0 again
