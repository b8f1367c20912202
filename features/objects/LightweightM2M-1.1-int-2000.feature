@LightweightM2M-1.1-int-2000 @lwm2m-1.1 @dut-client @objects @requires-object-20 @erratum-int-2000-execute-only
Feature: LightweightM2M-1.1-int-2000 Event Log: LogStart
  The ETS writes LogStart (/20/0/4011) and reads it back, but LogStart is Execute-only
  (OMA issues #476, #574: an erratum). Judged by the TS instead: LogStart is executed (2.04),
  and the Write and the Read the ETS asks for must be refused with 4.05 Method Not Allowed, as
  the TS answers an operation the resource does not allow; the Execute is their positive
  control. The instance is then read (ETS configuration C.16).

  Scenario: LightweightM2M-1.1-int-2000 Event Log: LogStart
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.16
    # Step 1 (ETS): Write (CoAP PUT /20/0/4011), which the TS does not allow
    When (1) the Test Server writes the integer 1 to /20/0/4011
    # Step 2 (what the TS allows): Execute (CoAP POST /20/0/4011) LogStart
    And (2) the Test Server executes /20/0/4011
    # Step 3 (ETS): Read (CoAP GET /20/0/4011), which the TS does not allow
    And (3) the Test Server reads the object instance /20/0/4011
    # Step 4: Read (CoAP GET /20/0)
    And (4) the Test Server reads the object instance /20/0
    Then (A) the client answers the request of step 2 "2.04 Changed"
    And (B) the client answers the request of step 1 "4.05 Method Not Allowed"
    And (C) the client answers the request of step 3 "4.05 Method Not Allowed"
    And (D) the answer of step 4 holds every mandatory readable resource of the object, each of its defined type with an admissible value
