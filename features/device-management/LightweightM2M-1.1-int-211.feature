@LightweightM2M-1.1-int-211 @lwm2m-1.1 @dut-client @device-management @requires-format-cbor
Feature: LightweightM2M-1.1-int-211 Querying basic information in CBOR format
  The Test Server reads Short Server ID, Notification Storing and Binding of its Server instance
  one by one in CBOR (Content-Format 60); each answer is one CBOR item with the value of C.1.

  Scenario: LightweightM2M-1.1-int-211 Querying basic information in CBOR format
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    # Steps 1-3: Read (CoAP GET) of /1/x/0, /1/x/6 and /1/x/7 with Accept: 60
    When (1) the Test Server reads /1/x/0, /1/x/6, /1/x/7 one by one, accepting Content-Format 60
    Then (A) each Read is answered "2.05 Content" in Content-Format 60 with the data of its level
    # The ETS expects Short Server ID 1: that of its C.1 account; the DUT's own account may differ
    And (A) the Reads show these values:
      | path   | value |
      | /1/x/0 | (any) |
      | /1/x/6 | false |
      | /1/x/7 | "U"   |
