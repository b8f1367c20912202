@LightweightM2M-1.0-int-701 @LightweightM2M-1.1-int-701 @lwm2m-1.0 @dut-client @objects @requires-object-4
Feature: LightweightM2M-1.1-int-701 Querying the readable resources of object Connectivity Monitoring
  The Test Server reads the Connectivity Monitoring object instance (ETS configuration C.5) and
  judges it against the object definition: mandatory resources 0, 1, 2 and 4, any optional ones,
  each of its defined type and within its defined range.

  Scenario: LightweightM2M-1.1-int-701 Querying the readable resources of object Connectivity Monitoring
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /4/0) in the client's own format
    When (1) the Test Server reads the object instance /4/0
    Then (A, B) the client answers the Read of step 1 "2.05 Content" in a format it announces
    And (C) the answer of step 1 holds every mandatory readable resource of the object, each of its defined type with an admissible value
