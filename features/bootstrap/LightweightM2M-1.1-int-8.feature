@LightweightM2M-1.1-int-8 @lwm2m-1.1 @dut-client @bootstrap @requires-bootstrap-client-initiated @requires-object-2
Feature: LightweightM2M-1.1-int-8 Bootstrap Read
  The Test Bootstrap Server writes the Test Server's account and an Access Control instance
  (/2/0: object 3, instance 0, ACL 31 for the default, owner 65535), then reads the Server and
  Access Control objects back with Bootstrap-Read (LwM2M 1.1 §5.2.7.5: /1 and /2 only).

  Scenario: LightweightM2M-1.1-int-8 Bootstrap Read
    Given the client starts with only a Bootstrap-Server account, for the Test Bootstrap Server
    When (1) the client sends a Bootstrap-Request to the Test Bootstrap Server
    And (2) the Test Bootstrap Server writes the Security and Server accounts of the Test Server and an Access Control instance for it
    Then (A) the Bootstrap-Request and each Bootstrap-Write are answered "2.04 Changed"
    # Step 3: Bootstrap-Read (CoAP GET /1, GET /2)
    When (3) the Test Bootstrap Server sends a Bootstrap-Read of /1 and of /2
    Then (B, C) both are answered "2.05 Content" with the values that were written
    When (4) the Test Bootstrap Server sends Bootstrap-Finish
    Then (D) the Bootstrap-Finish is answered "2.04 Changed"
