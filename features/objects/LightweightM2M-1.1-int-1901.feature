@LightweightM2M-1.1-int-1901 @lwm2m-1.1 @dut-client @objects @requires-object-19
Feature: LightweightM2M-1.1-int-1901 BinaryAppDataContainer: write Data
  The Test Server writes new Data (/19/1/0, one opaque instance, in TLV) to the second
  BinaryAppDataContainer instance (ETS configuration C.15) and reads it back.

  Scenario: LightweightM2M-1.1-int-1901 BinaryAppDataContainer: write Data
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.15
    # Step 1: Write (CoAP PUT /19/1/0)
    When (1) the Test Server writes new Data to /19/1/0
    # Step 2: Read (CoAP GET /19/1/0)
    And (2) the Test Server reads the object instance /19/1/0
    Then (A) the client answers the request of step 1 "2.04 Changed"
    And (B) the answer of step 2 holds the Data written in step 1
