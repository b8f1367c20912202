@LightweightM2M-1.1-int-1202 @lwm2m-1.1 @dut-client @objects @requires-object-10 @erratum-int-1202-tlv
Feature: LightweightM2M-1.1-int-1202 Setting the Power Saving Mode Resources of Object ID:10
  The Test Server discovers /10 (version 1.1, ETS configuration C.11), reads Active Power
  Saving Modes (/10/0/13), writes Release Assistance Indication Usage (/10/0/14) and reads it
  back. The ETS's 1210-SetOfValues TLV is malformed (erratum); the harness writes, in plain
  text, an integer other than the one the resource holds, within its defined range.

  Scenario: LightweightM2M-1.1-int-1202 Setting the Power Saving Mode Resources of Object ID:10
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.11
    # Step 1: Discover (CoAP GET /10 with Accept 40)
    When (1) the Test Server discovers /10
    # Step 2: Read (CoAP GET /10/0/13)
    And (2) the Test Server reads the object instance /10/0/13
    # Step 3: Write (CoAP PUT /10/0/14)
    And (3) the Test Server writes to /10/0/14 an integer other than the one it holds
    # Step 4: Read (CoAP GET /10/0/14)
    And (4) the Test Server reads the object instance /10/0/14
    Then (A) the Discover shows the object at the version of its definition, with /10/0/13, /10/0/14
    And (B) the client answers the Read of step 2 "2.05 Content" with a value the object definition admits
    And (C) the client answers the request of step 3 "2.04 Changed"
    And (D) the answer of step 4 holds the integer written in step 3
