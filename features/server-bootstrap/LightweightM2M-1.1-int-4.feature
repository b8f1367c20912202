@LightweightM2M-1.1-int-4 @lwm2m-1.1 @dut-bootstrap-server @bootstrap @bootstrap-script-delete
Feature: LightweightM2M-1.1-int-4 Bootstrap Delete (Bootstrap-Server side)
  The bootstrap server under test, configured to run the "delete" script for the Test Client's
  endpoint name, provisions the server account, looks at it (Bootstrap-Discover, Bootstrap-Read
  of /1), deletes the Security and Server objects, looks again, provisions again and finishes.
  The Test Client keeps its Bootstrap-Server account through the Deletes (LwM2M TS 1.1
  §5.2.7.6); the server must not try to remove it. Criterion G of the ETS (the client registers)
  judges the client and is not part of this side.

  Scenario: LightweightM2M-1.1-int-4 Bootstrap Delete (Bootstrap-Server side)
    Given the bootstrap server under test is running
    When (1) the Test Client sends a Bootstrap-Request for the endpoint of the "delete" script
    # Step 2: the standard flow writes /0 and /1
    And (2) the bootstrap server writes the Security and Server accounts
    Then (A) the Bootstrap-Request is answered "2.04 Changed" and each Bootstrap-Write is a PUT in a format the Test Client takes, with a payload that decodes
    # Step 3: Bootstrap-Discover (GET / with Accept 40) and Bootstrap-Read (GET /1)
    When (3) the bootstrap server sends its next two requests
    Then (B) they are a Bootstrap-Discover and a Bootstrap-Read of /1
    # Step 4: Bootstrap-Delete (CoAP DELETE /0, DELETE /1)
    When (4) the bootstrap server sends Bootstrap-Deletes
    Then (C) they delete /0 and /1, each a DELETE of "/", an object or an instance
    And (D) the Bootstrap-Server account of the Test Client is left in place
    # Step 5: Discover and Read /1 again
    When (5) the bootstrap server sends its next two requests
    Then (E) they are a Bootstrap-Discover and a Bootstrap-Read of /1 again, after the Bootstrap-Deletes
    # Step 6: provision again, Bootstrap-Finish
    When (6) the bootstrap server writes the accounts again
    And (6) the bootstrap server sends its next request
    Then (F) the writes are well formed and leave a consistent configuration, and the request after them is a Bootstrap-Finish
