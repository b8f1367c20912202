@LightweightM2M-1.0-int-0 @LightweightM2M-1.1-int-0 @lwm2m-1.0 @dut-bootstrap-server @bootstrap @bootstrap-script-provision
Feature: LightweightM2M-1.1-int-0 Client Initiated Bootstrap (Bootstrap-Server side)
  The Test Client starts with only a Bootstrap-Server account (ETS configuration C.13, in
  Security instance 1) and asks the bootstrap server under test for its configuration with the
  endpoint name the server is configured to run the "provision" script for: the ETS procedure
  (write the server account, Bootstrap-Discover, Bootstrap-Finish). The Test Client answers as
  LwM2M TS 1.1 §5.2.7 says and judges every request the server sends.

  Scenario: LightweightM2M-1.1-int-0 Client Initiated Bootstrap (Bootstrap-Server side)
    Given the bootstrap server under test is running
    # Step 1: Bootstrap-Request (CoAP POST /bs?ep=…, with pct=… on 1.1)
    When (1) the Test Client sends a Bootstrap-Request for the endpoint of the "provision" script
    Then (A) the bootstrap server answers the Bootstrap-Request "2.04 Changed"
    # Step 2: Bootstrap-Write (CoAP PUT on /0, /1 or their instances)
    When (2) the bootstrap server writes the Security and Server accounts
    Then (B) each Bootstrap-Write is a PUT in a format the Test Client takes, with a payload that decodes
    And (C) the writes leave a Security instance for an LwM2M server whose Short Server ID matches a Server instance, and the Bootstrap-Server account
    # Step 3: Bootstrap-Discover (CoAP GET / with Accept: application/link-format)
    When (3) the bootstrap server sends its next request
    Then (D) it is a Bootstrap-Discover
    # Step 4: Bootstrap-Finish (CoAP POST /bs)
    When (4) the bootstrap server sends its next request
    Then (E) it is a Bootstrap-Finish
