@LightweightM2M-1.2-int-12 @lwm2m-1.2 @dut-client @bootstrap @requires-bootstrap-pack @erratum-int-12-bootstrap-pack-code
Feature: LightweightM2M-1.2-int-12 Bootstrap via Bootstrap-Pack-Request
  The client starts with only a Bootstrap-Server account (ETS configuration C.13) and asks the
  Test Bootstrap Server for its whole configuration in one Bootstrap-Pack-Request (LwM2M 1.2,
  GET /bspack). The pack holds the Test Server's Security and Server instances (0-SetOfValue_1/_2)
  in the format the request accepts (SenML CBOR when it names none). The ETS prints "2.04" as the
  answer; a GET is answered 2.05 Content with the pack (erratum). The client then registers at
  the Test Server as in int-401. A client that sends a classic Bootstrap-Request first is judged
  on the Bootstrap-Pack-Request it sends at all.

  Scenario: LightweightM2M-1.2-int-12 Bootstrap via Bootstrap-Pack-Request
    Given the client starts with only a Bootstrap-Server account, and the Test Bootstrap Server holds a Bootstrap-Pack for the Test Server
    # Step 1: Bootstrap-Pack-Request (CoAP GET /bspack?ep=...)
    When (1) the client sends a Bootstrap-Pack-Request to the Test Bootstrap Server
    Then (A) the Bootstrap-Pack-Request carries the client's endpoint name and accepts a pack format, and is answered "2.05 Content" with the pack
    # Step 2: Register at the provisioned Test Server (int-401)
    When (2) the Test Server waits for the client to register
    Then (B) the client registered at the Test Server, answered "2.01 Created"
