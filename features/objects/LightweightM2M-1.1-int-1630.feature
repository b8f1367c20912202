@LightweightM2M-1.0-int-1630 @LightweightM2M-1.1-int-1630 @lwm2m-1.0 @dut-client @objects @requires-object-16 @requires-format-tlv
Feature: LightweightM2M-1.1-int-1630 Create Portfolio Object Instance
  The Test Server creates a second Portfolio instance with two Identity values (1630-SetOfValues),
  sees it in Discover and Read, and deletes it again (C.12).

  Scenario: LightweightM2M-1.1-int-1630 Create Portfolio Object Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.12
    # Step 1: Discover (CoAP GET /16, Accept 40)
    When (1) the Test Server discovers /16
    Then (A) the Discover is answered "2.05 Content" with at least these links:
      | link       | attributes |
      | </16>      |            |
      | </16/0/0>  | dim        |
    # Step 2: Create (CoAP POST /16) of instance 1 with 1630-SetOfValues
    When (2) the Test Server creates an instance of /16 with these values, in Content-Format 11542:
      | path      | value                  |
      | /16/1/0/0 | "Host Device ID #2"    |
      | /16/1/0/1 | "Host Device Model #2" |
    Then (B) the Create is answered "2.01 Created" with the Location-Path /16/1
    # Step 3: Discover (CoAP GET /16)
    When (3) the Test Server discovers /16
    Then (C) the Discover is answered "2.05 Content" with at least these links:
      | link      | attributes |
      | </16/0/0> | dim        |
      | </16/1/0> | dim        |
    # Step 4: Read (CoAP GET /16)
    When (4) the Test Server reads /16, accepting Content-Format 11542
    Then (D) the Read shows these values:
      | path      | value                  |
      | /16/0/0/0 | (any)                  |
      | /16/1/0/0 | "Host Device ID #2"    |
      | /16/1/0/1 | "Host Device Model #2" |
    # Restore C.12
    And the Test Server restores the client by deleting /16/1
