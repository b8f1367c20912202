@LightweightM2M-1.1-int-257 @lwm2m-1.1 @dut-client @device-management @requires-composite @requires-format-senml-json
Feature: LightweightM2M-1.1-int-257 Write-Composite Operation (Server + Device)
  The Test Server reads the Server and Device objects, sets pmin and Notification Storing of its
  Server instance and the Device's Current Time in one Write-Composite (257-SetOfValues), and
  reads both objects again (C.6).

  Scenario: LightweightM2M-1.1-int-257 Write-Composite Operation (Server + Device)
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.6
    And the Test Server has saved the values of /1/x
    And the Test Server has saved the values of /3/0
    # Steps 1-2: Read (CoAP GET) of /1 and /3
    When (1) the Test Server reads /1, /3 one by one, accepting Content-Format 110
    Then (A) each Read is answered "2.05 Content" in Content-Format 110 with the data of its level
    # Step 3: Write-Composite (CoAP iPATCH /) with 257-SetOfValues
    When (3) the Test Server writes these values in one Write-Composite, in Content-Format 110:
      | path    | value |
      | /1/x/2  | 101   |
      | /1/x/6  | true  |
      | /3/0/13 | 0     |
    Then (B) each Write is answered "2.04 Changed"
    # Steps 4-5: Read (CoAP GET) of /1 and /3 again (Current Time runs on from the written 0)
    When (4) the Test Server reads /1, /3 one by one, accepting Content-Format 110
    Then (C) each Read is answered "2.05 Content" in Content-Format 110 with the data of its level
    And (C) the Reads show the written values
    # Restore C.6 (not judged)
    And the Test Server restores the written resources to the saved values of /1/x, in Content-Format 110
    And the Test Server restores the written resources to the saved values of /3/0, in Content-Format 110
