@LightweightM2M-1.0-int-755 @LightweightM2M-1.1-int-755 @lwm2m-1.0 @dut-client @objects @requires-object-5 @requires-firmware-push
Feature: LightweightM2M-1.1-int-755 Setting the writable Resource Package
  The Test Server resets the firmware update with an empty Package, then writes a valid package
  to Package (/5/0/0) block-wise (Block1, in the profile's block size or the smaller one the
  client asks for); the client must take it and reach Downloaded.

  Scenario: LightweightM2M-1.1-int-755 Setting the writable Resource Package
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.8
    # Step 1: Write (CoAP PUT /5/0/0) a single NUL byte: the reset
    When (1) the Test Server resets the firmware update with an empty Package
    # Step 2: Read (CoAP GET /5/0)
    And (2) the Test Server reads the object instance /5/0
    # Step 3: Write (CoAP PUT /5/0/0, Block1) a valid package
    And (3) the Test Server delivers a valid package through Package
    # Step 4: Read State and Update Result (CoAP GET /5/0) until the download ends
    And (4) the Test Server reads State and Update Result until the download ends
    Then (A) the client answers the request of step 1 "2.04 Changed"
    And (B) the answer of step 2 shows State Idle (0) and Update Result 0
    And (C) the client takes the package of step 3: "2.31 Continue" to each block before the last, "2.04 Changed" at the end
    And (D) State and Update Result of step 4 move as the TS allows and reach Downloaded with Update Result 0
