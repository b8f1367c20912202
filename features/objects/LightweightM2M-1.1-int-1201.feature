@LightweightM2M-1.0-int-1201 @LightweightM2M-1.1-int-1201 @lwm2m-1.0 @dut-client @objects @requires-object-10
Feature: LightweightM2M-1.1-int-1201 Querying the readable resources of Object ID:10 in version 1.1
  The Test Server discovers the Cellular Connectivity object, which must show version 1.1
  (ETS configuration C.11), then reads its instance and judges it against the 1.1 definition
  (resource 6 of 1.0 moved to object 11; 12 to 14 are new).

  Scenario: LightweightM2M-1.1-int-1201 Querying the readable resources of Object ID:10 in version 1.1
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Discover (CoAP GET /10 with Accept 40)
    When (1) the Test Server discovers /10
    # Step 2: Read (CoAP GET /10/0)
    And (2) the Test Server reads the object instance /10/0
    Then (A) the Discover shows the object at the version of its definition, with /10/0
    And (B) the client answers the Read of step 2 "2.05 Content" in a format it announces
    And (C) the answer of step 2 holds every mandatory readable resource of the object, each of its defined type with an admissible value
