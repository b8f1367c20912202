@LightweightM2M-1.0-int-770 @LightweightM2M-1.1-int-770 @lwm2m-1.0 @dut-client @objects @requires-object-5 @requires-firmware-push @erratum-int-770-771-push-pull
Feature: LightweightM2M-1.1-int-770 Successful Firmware update (via CoAP)
  The Test Server resets the firmware update, pushes a valid package to Package (/5/0/0) block-wise,
  follows State and Update Result to Downloaded, executes Update, follows them until the update
  ends (through a reboot and a new registration if the client makes one) and reads the new
  Firmware Version.

  Scenario: LightweightM2M-1.1-int-770 Successful Firmware update (via CoAP)
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.8
    And the Test Server has read the Firmware Version of the client
    # Step 1: reset with an empty Package
    When (1) the Test Server resets the firmware update with an empty Package
    # Step 2: deliver the package
    And (2) the Test Server delivers a valid package through Package
    # Step 3: poll State and Update Result until State 2 (Downloaded)
    And (3) the Test Server reads State and Update Result until the download ends
    # Step 4: Execute (CoAP POST /5/0/2) Update
    And (4) the Test Server executes /5/0/2
    # Step 5: poll until State 0 or Update Result other than 0
    And (5) the Test Server reads State and Update Result until the update ends
    # Step 6: Read the Firmware Version (CoAP GET /3/0/3)
    And (6) the Test Server reads the Firmware Version
    Then (A) the client answers the request of step 1 "2.04 Changed"
    And (B) the client takes the package of step 2: "2.31 Continue" to each block before the last, "2.04 Changed" at the end
    And (C) State and Update Result of step 3 move as the TS allows and reach Downloaded with Update Result 0
    And (D) the client answers the request of step 4 "2.04 Changed"
    And (E) during step 5 the client shows only Updating and Idle, with Update Result 0 or 1
    And (F) the client ends step 5 in State 0 with Update Result 1
    And (G) the Firmware Version is the new package's version
