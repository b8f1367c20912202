@LightweightM2M-1.1-int-233 @lwm2m-1.1 @dut-client @device-management @requires-format-senml-cbor @requires-object-16
Feature: LightweightM2M-1.1-int-233 Setting basic information in SenML CBOR format
  In SenML CBOR (Content-Format 112) the Test Server updates Lifetime and Notification Storing of
  its Server instance partially, writes one Identity instance of a Portfolio instance, then the
  Lifetime alone; each Lifetime change is announced by an Update, and Reads show every value (C.12:
  C.1 with a Portfolio instance).

  Scenario: LightweightM2M-1.1-int-233 Setting basic information in SenML CBOR format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.12
    And the Test Server has saved the values of /1/x
    And the Test Server has saved the values of /16/0
    # Step 1: partial update (CoAP POST /1/x) with Lifetime 61 and Notification Storing true
    When (1) the Test Server writes these values to /1/x by a partial update, in Content-Format 112:
      | path   | value |
      | /1/x/1 | 61    |
      | /1/x/6 | true  |
    Then (A) each Write is answered "2.04 Changed"
    And (A) the client sends an Update carrying the written lifetime
    # Step 2: Read (CoAP GET /1)
    When (2) the Test Server reads /1, accepting Content-Format 112
    Then (B) each Read is answered "2.05 Content" in Content-Format 112 with the data of its level
    And (B) the Read shows the written values
    # Step 3: Write (CoAP PUT /16/0/0/0) = "test_value"
    When (3) the Test Server writes each of these resources by a replace, in Content-Format 112:
      | path      | value        |
      | /16/0/0/0 | "test_value" |
    Then (C) each Write is answered "2.04 Changed"
    # Step 4: Read (CoAP GET /16)
    When (4) the Test Server reads /16, accepting Content-Format 112
    Then (D) each Read is answered "2.05 Content" in Content-Format 112 with the data of its level
    And (D) the Read shows the written values
    # Step 5: Write (CoAP PUT /1/x/1) = 63
    When (5) the Test Server writes each of these resources by a replace, in Content-Format 112:
      | path   | value |
      | /1/x/1 | 63    |
    Then (E) each Write is answered "2.04 Changed"
    And (E) the client sends an Update carrying the written lifetime
    # Step 6: Read (CoAP GET /1/x/1)
    When (6) the Test Server reads /1/x/1, accepting Content-Format 112
    Then (F) each Read is answered "2.05 Content" in Content-Format 112 with the data of its level
    And (F) the Read shows the written values
    # Restore C.12 (not judged)
    And the Test Server restores the written resources to the saved values of /1/x, in Content-Format 112
    And the Test Server restores the written resources to the saved values of /16/0, in Content-Format 112
