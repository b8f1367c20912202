@LightweightM2M-1.1-int-8 @lwm2m-1.1 @dut-bootstrap-server @bootstrap @bootstrap-script-read
Feature: LightweightM2M-1.1-int-8 Bootstrap Read (Bootstrap-Server side)
  The bootstrap server under test, configured to run the "read" script for the Test Client's
  endpoint name, writes the server account and an Access Control instance, then reads the
  Server and Access Control objects back with Bootstrap-Read (LwM2M TS 1.1 §5.2.7.5: /1 and /2
  only) and finishes. A Bootstrap-Discover before the reads (a server learning the client's
  version) is allowed and passed over.

  Scenario: LightweightM2M-1.1-int-8 Bootstrap Read (Bootstrap-Server side)
    Given the bootstrap server under test is running
    When (1) the Test Client sends a Bootstrap-Request for the endpoint of the "read" script
    And (2) the bootstrap server writes the Security and Server accounts and an Access Control instance
    Then (A) the Bootstrap-Request is answered "2.04 Changed" and each Bootstrap-Write is a PUT in a format the Test Client takes, with a payload that decodes
    # Step 3: Bootstrap-Read (CoAP GET /1, GET /2)
    When (3) the bootstrap server sends its next two requests other than Bootstrap-Discover
    Then (B) the first is a Bootstrap-Read of /1
    And (C) the second is a Bootstrap-Read of /2
    # Step 4: Bootstrap-Finish (CoAP POST /bs)
    When (4) the bootstrap server sends its next request
    Then (D) it is a Bootstrap-Finish
