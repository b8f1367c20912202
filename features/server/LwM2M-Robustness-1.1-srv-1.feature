@LwM2M-Robustness-1.1-srv-1 @lwm2m-1.1 @dut-server @registration
Feature: LwM2M-Robustness-1.1-srv-1 Malformed Register refused (server side)
  Not an OMA ETS case: a check of the harness's own, which the ETS lacks. The Endpoint Client
  Name (ep) is a mandatory Register parameter and the object list is a CoRE Link Format payload
  (LwM2M 1.1 TS Core §6.2.1, RFC 6690); a Register with a missing mandatory parameter or a
  payload the server cannot read is refused with 4.00 Bad Request (the Register's failure code for
  a bad request, RFC 7252 §5.9.2.1). Refusing one bad Register must not stop the server from
  registering the same client when it sends a well-formed one.

  Scenario: LwM2M-Robustness-1.1-srv-1 Malformed Register refused (server side)
    Given the server under test is running
    # Positive control: the server accepts this Test Client's well-formed Register
    And the server under test accepts a well-formed Register from the Test Client, which then de-registers
    When (1) the Test Client sends a Register request without the endpoint name
    Then (A) the server answers "4.00 Bad Request"
    When (2) the Test Client sends a Register request whose object list is not valid link format
    Then (B) the server answers "4.00 Bad Request"
    When (3) the Test Client sends a Register request with its endpoint name, lifetime, LwM2M version, binding and object list
    Then (C) the server answers "2.01 Created" with a Location-Path naming the registration
