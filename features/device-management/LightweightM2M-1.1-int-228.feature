@LightweightM2M-1.1-int-228 @lwm2m-1.1 @dut-client @device-management @requires-object-16 @requires-format-text @erratum-post-for-resource-write
Feature: LightweightM2M-1.1-int-228 Write on Resource Instance
  The Test Server writes one instance of the multiple Identity resource of a Portfolio instance
  and reads that resource instance back: it holds the written value only (C.12).

  Scenario: LightweightM2M-1.1-int-228 Write on Resource Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.12
    And the Test Server has saved the values of /16/0
    # Step 1: Write (CoAP PUT /16/0/0/1) = "test"; the ETS says "CoAP POST", but a Write (replace) is a PUT (TS Core, Write)
    When (1) the Test Server writes each of these resources by a replace, in Content-Format 0:
      | path      | value  |
      | /16/0/0/1 | "test" |
    Then (A) each Write is answered "2.04 Changed"
    # Step 2: Read (CoAP GET /16/0/0/1)
    When (2) the Test Server reads /16/0/0/1, accepting Content-Format 0
    Then (B) each Read is answered "2.05 Content" in Content-Format 0 with the data of its level
    And (B) the Read shows the written values
    # Restore C.12 (not judged)
    And the Test Server restores the written resources to the saved values of /16/0, in Content-Format 0
