@LightweightM2M-1.0-int-756 @LightweightM2M-1.1-int-756 @lwm2m-1.0 @dut-client @objects @requires-object-5 @requires-firmware-pull @erratum-int-756-resource-id
Feature: LightweightM2M-1.1-int-756 Setting the writable Resource Package URI
  The Test Server resets the firmware update with an empty Package URI, then writes the URI of a
  valid package at the harness's download server (HTTP or CoAP as the profile says) to Package
  URI (/5/0/1); the client must fetch it and reach Downloaded. The ETS text names the resource
  "ID:0"; the Package URI is resource 1.

  Scenario: LightweightM2M-1.1-int-756 Setting the writable Resource Package URI
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.8
    # Step 1: Write (CoAP PUT /5/0/1) the empty string: the reset
    When (1) the Test Server resets the firmware update with an empty Package URI
    # Step 2: Read (CoAP GET /5/0)
    And (2) the Test Server reads the object instance /5/0
    # Step 3: Write (CoAP PUT /5/0/1) the URI of a valid package
    And (3) the Test Server delivers a valid package through Package URI
    # Step 4: Read State and Update Result (CoAP GET /5/0) until the download ends
    And (4) the Test Server reads State and Update Result until the download ends
    Then (A) the client answers the request of step 1 "2.04 Changed"
    And (B) the answer of step 2 shows State Idle (0) and Update Result 0
    And (C) the client answers the request of step 3 "2.04 Changed"
    And (D) State and Update Result of step 4 move as the TS allows and reach Downloaded with Update Result 0
