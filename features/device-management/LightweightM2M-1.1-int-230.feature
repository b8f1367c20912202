@LightweightM2M-1.1-int-230 @lwm2m-1.1 @dut-client @device-management @requires-composite @requires-object-16 @requires-format-senml-json
Feature: LightweightM2M-1.1-int-230 Write-Composite Operation
  One Write-Composite sets Lifetime and Notification Storing of the Server instance and the four
  Identity values of a Portfolio instance; the client announces the new lifetime with an Update,
  and Reads show every written value (C.12).

  Scenario: LightweightM2M-1.1-int-230 Write-Composite Operation
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.12
    And the Test Server has saved the values of /1/x
    And the Test Server has saved the values of /16/0
    # Step 1: Write-Composite (CoAP iPATCH /) in SenML JSON
    When (1) the Test Server writes these values in one Write-Composite, in Content-Format 110:
      | path      | value |
      | /1/x/1    | 61    |
      | /1/x/6    | true  |
      | /16/0/0/0 | "aa"  |
      | /16/0/0/1 | "bb"  |
      | /16/0/0/2 | "cc"  |
      | /16/0/0/3 | "dd"  |
    Then (A) each Write is answered "2.04 Changed"
    And (A) the client sends an Update carrying the written lifetime
    # Steps 2-3: Read (CoAP GET) of /1/x and /16
    When (2) the Test Server reads /1/x, /16 one by one, accepting Content-Format 110
    Then (B) each Read is answered "2.05 Content" in Content-Format 110 with the data of its level
    And (B) the Reads show the written values
    # Restore C.12 (not judged)
    And the Test Server restores the written resources to the saved values of /1/x, in Content-Format 110
    And the Test Server restores the written resources to the saved values of /16/0, in Content-Format 110
