@LightweightM2M-1.1-int-2001 @lwm2m-1.1 @dut-client @objects @requires-object-20
Feature: LightweightM2M-1.1-int-2001 Event Log: read
  The Test Server reads the Event Log instance (ETS configuration C.16, whose content the criterion judges) and judges it against
  the object definition: the mandatory LogData (/20/0/4014), any optional resources, each of
  its defined type and range. The ETS asks for TLV; the client's own format is read here.

  Scenario: LightweightM2M-1.1-int-2001 Event Log: read
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /20/0)
    When (1) the Test Server reads the object instance /20/0
    Then (A) the client answers the Read of step 1 "2.05 Content" in a format it announces
    And (B) the answer of step 1 holds every mandatory readable resource of the object, each of its defined type with an admissible value
