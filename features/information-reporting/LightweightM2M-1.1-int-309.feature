@LightweightM2M-1.1-int-309 @lwm2m-1.1 @dut-client @information-reporting @requires-observe-composite @requires-object-16 @requires-format-tlv @erratum-deleted-code
Feature: LightweightM2M-1.1-int-309 Observe-Composite and Deleting Object Instance
  The Test Server observes two Portfolio instances together, sees a notification with both, then
  deletes the second: the next composite notification carries the first only. The ETS expects
  "2.04 Deleted"; a Delete is answered 2.02 Deleted (TS Core, Delete). The case starts from a
  Portfolio object without instances; the client's own are saved, deleted and created again.

  Scenario: LightweightM2M-1.1-int-309 Observe-Composite and Deleting Object Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    And the Test Server has saved the values of /16
    And the client holds no instance of /16, the Test Server having deleted those it held
    # Step 1: Create (CoAP POST /16) of instances 0 and 1
    When (1) the Test Server creates an instance of /16 with these values, in Content-Format 11542:
      | path      | value |
      | /16/0/0/0 | "aa"  |
      | /16/0/0/1 | "bb"  |
      | /16/0/0/2 | "cc"  |
      | /16/0/0/3 | "dd"  |
    Then (A) the Create is answered "2.01 Created" with the Location-Path /16/0
    When (1) the Test Server creates an instance of /16 with these values, in Content-Format 11542:
      | path      | value |
      | /16/1/0/0 | "11"  |
      | /16/1/0/1 | "22"  |
      | /16/1/0/2 | "33"  |
      | /16/1/0/3 | "44"  |
    Then (A) the Create is answered "2.01 Created" with the Location-Path /16/1
    # Step 2: Write-Attributes (a failure names the step)
    When (2) the Test Server writes the attributes pmin=30&pmax=45 to /16/0
    # Step 3: FETCH with Observe=0 and the path list in SenML CBOR
    And (3) the Test Server observes /16/0, /16/1 together (Observe-Composite)
    Then (B) a composite notification of /16/0, /16/1 arrives between pmin and pmax, carrying exactly these paths
    # Step 4: Delete (CoAP DELETE /16/1) while observed
    When (4) the Test Server deletes /16/1 during the observation of /16/0, /16/1
    Then (C) the request is answered "2.02 Deleted"
    And (D) the next composite notification of /16/0, /16/1 arrives between pmin and pmax, carrying /16/0
    # Restore the client's Portfolio instances
    And the Test Server restores the client by deleting /16/0
    And the Test Server restores the saved instances of /16 by Create, in Content-Format 11542
