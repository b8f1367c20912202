@LightweightM2M-1.1-int-770 @lwm2m-1.1 @dut-server @objects @action-firmware-update
Feature: LightweightM2M-1.1-int-770 Successful Firmware update (via CoAP) (server side)
  Asked to update the firmware of the Test Client with a package, the server must push it to
  Package (/5/0/0) whole and unchanged, as application/octet-stream in Block1 blocks, execute
  Update (/5/0/2) only once it has seen State 2 (Downloaded), and report the Update Result the
  Test Client ends with.

  Scenario: LightweightM2M-1.1-int-770 Successful Firmware update (via CoAP) (server side)
    Given the server under test is running
    And the Test Client holds a Firmware Update object in State Idle
    And the Test Client has registered with the server under test
    # CoAP PUT /5/0/0 (Block1, Content-Format 42), then reads of State, POST /5/0/2, reads of State and Update Result
    When (1) the server is asked to update the firmware with a package of 8192 bytes by push
    And (2) the server carries the update through to its end
    Then (A) the package the server writes to /5/0/0 is the one it was given, as application/octet-stream in Block1 blocks
    And (B) the server executes /5/0/2 only after it has seen State 2 (Downloaded)
    And (C) the server reports the Update Result the Test Client ended with, 1 (success)
