@LightweightM2M-1.1-int-212 @lwm2m-1.1 @dut-client @device-management @requires-format-cbor
Feature: LightweightM2M-1.1-int-212 Setting basic information in CBOR format
  The Test Server writes pmin, pmax and Notification Storing of its Server instance one by one in
  CBOR (Content-Format 60) and reads the instance back; then it writes the C.3 values back.

  Scenario: LightweightM2M-1.1-int-212 Setting basic information in CBOR format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.3
    And the Test Server has saved the values of /1/x
    # Steps 1-3: Write (CoAP PUT) of /1/x/2, /1/x/3 and /1/x/6 with Content-Format 60
    When (1) the Test Server writes each of these resources by a replace, in Content-Format 60:
      | path   | value |
      | /1/x/2 | 101   |
      | /1/x/3 | 1010  |
      | /1/x/6 | true  |
    Then (A) each Write is answered "2.04 Changed"
    # Step 4: Read (CoAP GET /1/x); CBOR 60 holds one value, so the client answers in a format it chooses
    When (4) the Test Server reads /1/x without an Accept option
    Then (B) each Read is answered "2.05 Content" in a Content-Format the DUT declares, with the data of its level
    And (B) the Read shows the written values
    # Restore C.3 (not judged)
    And the Test Server restores the written resources to the saved values of /1/x, in Content-Format 60
