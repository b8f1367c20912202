@LightweightM2M-1.1-int-4 @lwm2m-1.1 @dut-client @bootstrap @requires-bootstrap-client-initiated
Feature: LightweightM2M-1.1-int-4 Bootstrap Delete
  After a client-initiated bootstrap has written the Test Server's account, the Test Bootstrap
  Server deletes the Security and Server objects. The client must keep its Bootstrap-Server
  account (LwM2M TS 1.1 §5.2.7.6), drop everything else there, take the account again and
  register with it.

  Scenario: LightweightM2M-1.1-int-4 Bootstrap Delete
    Given the client starts with only a Bootstrap-Server account, for the Test Bootstrap Server
    When (1) the client sends a Bootstrap-Request to the Test Bootstrap Server
    # Step 2: the standard flow writes /0 and /1
    And (2) the Test Bootstrap Server writes the Security and Server accounts of the Test Server
    Then (A) the Bootstrap-Request and each Bootstrap-Write are answered "2.04 Changed"
    When (3) the Test Bootstrap Server sends a Bootstrap-Discover of / and a Bootstrap-Read of /1
    Then (B) both are answered "2.05 Content" and show the Server instance that was written
    # Step 4: Bootstrap-Delete (CoAP DELETE /0, DELETE /1)
    When (4) the Test Bootstrap Server sends a Bootstrap-Delete of /0 and of /1
    Then (C) each Bootstrap-Delete is answered "2.02 Deleted"
    When (5) the Test Bootstrap Server sends a Bootstrap-Discover of / and a Bootstrap-Read of /1 again
    Then (D) the Bootstrap-Server account is still listed
    And (E) no Server instance and no Security instance other than the Bootstrap-Server account is left
    When (6) the Test Bootstrap Server writes the Test Server's account again and sends Bootstrap-Finish
    Then (F) the Bootstrap-Finish is answered "2.04 Changed"
    When (7) the Test Server waits for the client to register
    Then (G) the client registered at the Test Server, answered "2.01 Created"
