@LightweightM2M-1.0-int-779 @LightweightM2M-1.1-int-779 @lwm2m-1.0 @dut-client @objects @requires-object-5
Feature: LightweightM2M-1.1-int-779 Error Case 8: Unsuccessful Firmware Update
  A package that downloads and checks fine but whose install fails: after Update the client
  reports Update Result 8, stays in Downloaded (or Updating) and keeps its old Firmware Version.

  Scenario: LightweightM2M-1.1-int-779 Error Case 8: Unsuccessful Firmware Update
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.8
    And the Test Server has read the Firmware Version of the client
    When (1) the Test Server resets the firmware update with an empty Package or Package URI
    And (2) the Test Server delivers a package whose install fails through Package or Package URI
    And (3) the Test Server reads State and Update Result until the download ends
    # Step 4: Execute (CoAP POST /5/0/2) Update
    And (4) the Test Server executes /5/0/2
    And (5) the Test Server reads State and Update Result until the update ends
    And (6) the Test Server reads the Firmware Version
    Then (A) State and Update Result of step 3 move as the TS allows and reach Downloaded with Update Result 0
    And (B) the client answers the request of step 4 "2.04 Changed"
    And (C) the client ends step 5 in State 2 or 3 with Update Result 8
    And (D) the Firmware Version is unchanged
