@LightweightM2M-1.0-int-751 @LightweightM2M-1.1-int-751 @lwm2m-1.0 @dut-client @objects @requires-object-5
Feature: LightweightM2M-1.1-int-751 Querying the readable resources of object Firmware Update
  The Test Server reads the Firmware Update object instance (ETS configuration C.8, State Idle):
  State and Update Result are 0, Firmware Update Protocol Support and Delivery Method are
  readable, and every readable resource agrees with the object definition.

  Scenario: LightweightM2M-1.1-int-751 Querying the readable resources of object Firmware Update
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /5/0) in the client's own format
    When (1) the Test Server reads the object instance /5/0
    Then (A) the client answers the Read of step 1 "2.05 Content" in a format it announces
    And (B) the answer of step 1 shows State Idle (0) and Update Result 0
    And (C) the answer of step 1 holds /5/0/8, /5/0/9 and every mandatory readable resource, each of its defined type with an admissible value
