@LightweightM2M-1.0-int-1200 @LightweightM2M-1.1-int-1200 @lwm2m-1.0 @dut-client @objects @requires-object-10
Feature: LightweightM2M-1.1-int-1200 Querying the readable resources of Object ID:10
  The Test Server reads the Cellular Connectivity instance (ETS configuration C.10, whose content the criterion judges) and judges
  it against the object definition: the mandatory Activated Profile Names (/10/0/11), any
  optional resources, each of its defined type and range. The ETS asks for TLV; the client's
  own announced format is read here, as in int-701.

  Scenario: LightweightM2M-1.1-int-1200 Querying the readable resources of Object ID:10
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /10/0)
    When (1) the Test Server reads the object instance /10/0
    Then (A) the client answers the Read of step 1 "2.05 Content" in a format it announces
    And (B) the answer of step 1 holds every mandatory readable resource of the object, each of its defined type with an admissible value
