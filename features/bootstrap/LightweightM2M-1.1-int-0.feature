@LightweightM2M-1.0-int-0 @LightweightM2M-1.1-int-0 @lwm2m-1.0 @dut-client @bootstrap @requires-bootstrap-client-initiated
Feature: LightweightM2M-1.1-int-0 Client Initiated Bootstrap
  The client starts with only a Bootstrap-Server account (ETS configuration C.13), asks the
  Test Bootstrap Server for its configuration, takes the Test Server's Security and Server
  accounts (0-SetOfValue_1/_2: configuration C.1), shows them in a Bootstrap-Discover and
  accepts the Bootstrap-Finish. The Test Bootstrap Server writes in the first format the DUT
  declares (TLV, SenML CBOR, SenML JSON, LwM2M CBOR) and picks a Security instance the client
  does not use yet.

  Scenario: LightweightM2M-1.1-int-0 Client Initiated Bootstrap
    Given the client starts with only a Bootstrap-Server account, for the Test Bootstrap Server
    # Step 1: Bootstrap-Request (CoAP POST /bs?ep=...), using the Bootstrap-Server account
    When (1) the client sends a Bootstrap-Request to the Test Bootstrap Server
    Then (A) the Bootstrap-Request carries the client's endpoint name and is answered "2.04 Changed"
    # Step 2: Bootstrap-Write (CoAP PUT /0 and PUT /1)
    When (2) the Test Bootstrap Server writes the Security and Server accounts of the Test Server
    Then (B, C) the client answers each Bootstrap-Write "2.04 Changed"
    # Step 3: Bootstrap-Discover (CoAP GET / with Accept: application/link-format)
    When (3) the Test Bootstrap Server sends a Bootstrap-Discover of /
    Then (D) the Bootstrap-Discover is answered "2.05 Content" listing the enabler version, the Test Server's Security and Server instances with its Short Server ID, a Bootstrap-Server account and the Device instance
    # Step 4: Bootstrap-Finish (CoAP POST /bs)
    When (4) the Test Bootstrap Server sends Bootstrap-Finish
    Then (E) the Bootstrap-Finish is answered "2.04 Changed"
