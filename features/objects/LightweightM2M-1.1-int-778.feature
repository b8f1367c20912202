@LightweightM2M-1.0-int-778 @LightweightM2M-1.1-int-778 @lwm2m-1.0 @dut-client @objects @requires-object-5 @requires-firmware-pull
Feature: LightweightM2M-1.1-int-778 Error Case 7: invalid URI
  The Package URI names nothing at the download server: Update Result 7 (invalid URI), back to Idle.

  Scenario: LightweightM2M-1.1-int-778 Error Case 7: invalid URI
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.8
    # Step 1: reset the firmware update
    When (1) the Test Server resets the firmware update with an empty Package URI
    # Step 2: deliver the package
    And (2) the Test Server writes a Package URI that names nothing
    # Step 3: poll State and Update Result until the download ends
    And (3) the Test Server reads State and Update Result until the download ends
    Then (A) State and Update Result of step 3 move as the TS allows and never reach Downloaded
    And (B) the client ends step 3 in State 0 with Update Result 7
