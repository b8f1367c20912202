@LightweightM2M-1.1-int-771 @lwm2m-1.1 @dut-server @objects @action-firmware-update-uri
Feature: LightweightM2M-1.1-int-771 Successful Firmware update (via alternative mechanism) (server side)
  Asked to update the firmware of the Test Client from a URI (a package the harness serves over
  HTTP), the server must write that URI to Package URI (/5/0/1), execute Update (/5/0/2) only
  once it has seen State 2 (Downloaded), and report the Update Result the Test Client ends with.

  Scenario: LightweightM2M-1.1-int-771 Successful Firmware update (via alternative mechanism) (server side)
    Given the server under test is running
    And the Test Client holds a Firmware Update object in State Idle
    And the Test Client has registered with the server under test
    # CoAP PUT /5/0/1 (the URI), the Test Client downloads by HTTP, reads of State, POST /5/0/2, reads of State and Update Result
    When (1) the server is asked to update the firmware with a package of 8192 bytes from a URI at the harness
    And (2) the server carries the update through to its end
    Then (A) the server writes the URI it was given to /5/0/1
    And (B) the server executes /5/0/2 only after it has seen State 2 (Downloaded)
    And (C) the server reports the Update Result the Test Client ended with, 1 (success)
