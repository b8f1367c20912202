@LightweightM2M-CONMGMT-1.0-int-1250 @LightweightM2M-CONMGMT-1.1-int-1250 @lwm2m-1.0 @dut-client @objects @requires-object-10 @requires-object-11 @requires-format-tlv @erratum-int-1250-trigger-resource
Feature: LightweightM2M-CONMGMT-1.1-int-1250 APN configuration
  The Test Server creates a second APN Connection Profile (/11/1, not enabled) beside the one in
  use (ETS configuration C.10), triggers a registration update, expects the client's Update to
  announce the new instance (TS Core: an Update carries the objects and instances when they
  changed since the last Register or Update), enables the profile and reads Activated Profile
  Names (/10/0/11), which must link to it. The ETS triggers the update with "Resource ID:7 of
  Device Object" and reads "/10/11" (errata): the Registration Update Trigger /1/x/8 and
  /10/0/11 are meant.

  Scenario: LightweightM2M-CONMGMT-1.1-int-1250 APN configuration
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.10
    # Step 1: Create (CoAP POST /11) of a second APN profile, not enabled
    When (1) the Test Server creates an instance of /11 with these values, in Content-Format 11542:
      | path    | value             |
      | /11/1/0 | "ETS second APN"  |
      | /11/1/1 | "ets.example"     |
      | /11/1/3 | false             |
      | /11/1/4 | 3                 |
    Then (A) the Create is answered "2.01 Created" with the Location-Path /11/1
    # Step 2: Execute (CoAP POST /1/x/8) on Registration Update Trigger (erratum: not /3/0/7)
    When (2) the Test Server executes Registration Update Trigger on its Server instance
    Then (B) the client answers "2.04 Changed"
    # Step 3: the client sends Update (CoAP POST /rd/<location>) with its object list
    And (C) the client promptly sends an Update whose object list holds /11/1, and receives "2.04 Changed"
    # Step 4: Write (CoAP PUT /11/1/3) Enable status = true
    When (4) the Test Server writes the boolean true to /11/1/3
    Then (D) the client answers the request of step 4 "2.04 Changed"
    # Step 5: Read (CoAP GET /10/0/11) Activated Profile Names (erratum: not /10/11)
    When (5) the Test Server reads the object instance /10/0/11
    Then (E) the answer of step 5 holds an object link to /11/1
    # Restore C.10
    And the Test Server restores the client by deleting /11/1
