@LightweightM2M-1.0-int-776 @LightweightM2M-1.1-int-776 @lwm2m-1.0 @dut-client @objects @requires-object-5
Feature: LightweightM2M-1.1-int-776 Error Case 5: Package Integrity check failure
  One byte of the package is changed after it was made: the integrity check fails, Update Result 5, back to Idle.

  Scenario: LightweightM2M-1.1-int-776 Error Case 5: Package Integrity check failure
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.8
    # Step 1: reset the firmware update
    When (1) the Test Server resets the firmware update with an empty Package or Package URI
    # Step 2: deliver the package
    And (2) the Test Server delivers a corrupted package through Package or Package URI
    # Step 3: poll State and Update Result until the download ends
    And (3) the Test Server reads State and Update Result until the download ends
    Then (A) State and Update Result of step 3 move as the TS allows and never reach Downloaded
    And (B) the client ends step 3 in State 0 with Update Result 5
