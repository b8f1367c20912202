@LightweightM2M-1.0-int-205 @LightweightM2M-1.1-int-205 @lwm2m-1.0 @dut-client @device-management @requires-format-text @requires-format-tlv @requires-server-disable
Feature: LightweightM2M-1.1-int-205 Setting basic information in Plain Text format
  The Test Server writes pmin, pmax and Disable Timeout of its Server instance one by one in Plain
  Text, reads the instance back in TLV, and restores the values of configuration C.3.

  Scenario: LightweightM2M-1.1-int-205 Setting basic information in Plain Text format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.3
    # Step 1: Write (CoAP PUT) of /1/x/2, /1/x/3 and /1/x/5 with Content-Format 0 (the ETS prints 101 as "0101")
    When (1) the Test Server writes each of these resources by a replace, in Content-Format 0:
      | path   | value |
      | /1/x/2 | 101   |
      | /1/x/3 | 1010  |
      | /1/x/5 | 2000  |
    Then (A) each Write is answered "2.04 Changed"
    # Step 2: Read (CoAP GET /1/x) with Accept: 11542
    When (2) the Test Server reads /1/x, accepting Content-Format 11542
    Then (B) the Read shows the written values
    # Step 3: steps 1-2 again with the values of C.3
    When (3) the Test Server writes each of these resources by a replace, in Content-Format 0:
      | path   | value |
      | /1/x/2 | 1     |
      | /1/x/3 | 10    |
      | /1/x/5 | 86400 |
    Then (C) each Write is answered "2.04 Changed"
    When (4) the Test Server reads /1/x, accepting Content-Format 11542
    Then (C) the Read shows these values:
      | path   | value |
      | /1/x/2 | 1     |
      | /1/x/3 | 10    |
      | /1/x/5 | 86400 |
