@LightweightM2M-1.1-int-257 @lwm2m-1.1 @dut-server @device-management @requires-composite @action-write-composite
Feature: LightweightM2M-1.1-int-257 Write-Composite Operation (Server + Device) (server side)
  Asked to write resources of the Server and the Device object in one Write-Composite (the
  ETS's 257-SetOfValues), the server must send one iPATCH with a SenML JSON or CBOR body that
  holds exactly those values.

  Scenario: LightweightM2M-1.1-int-257 Write-Composite Operation (Server + Device) (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 2: CoAP iPATCH / with /1/0/2 = 101, /1/0/6 = true, /3/0/13 = 0
    When (2) the server is asked to write in one Write-Composite:
      | /1/0/2  | 101  |
      | /1/0/6  | true |
      | /3/0/13 | 0    |
    Then (A) the Write-Composite the server sends is an iPATCH with a SenML Content-Format
    And (B) the body of the Write-Composite decodes and holds exactly the values asked for
