@LightweightM2M-1.1-int-230 @lwm2m-1.1 @dut-server @device-management @requires-composite @action-write-composite
Feature: LightweightM2M-1.1-int-230 Write-Composite Operation (server side)
  Asked to write resources of two objects in one Write-Composite, the server must send one
  iPATCH with a SenML JSON or CBOR body that holds exactly the values asked for.

  Scenario: LightweightM2M-1.1-int-230 Write-Composite Operation (server side)
    Given the server under test is running
    And the Test Client holds Portfolio instance /16/0
    And the Test Client has registered with the server under test
    # Step 1: CoAP iPATCH / with /1/0/1 = 61, /1/0/6 = true, /16/0/0/0..3 = "aa", "bb", "cc", "dd"
    When (1) the server is asked to write in one Write-Composite:
      | /1/0/1    | 61   |
      | /1/0/6    | true |
      | /16/0/0/0 | aa   |
      | /16/0/0/1 | bb   |
      | /16/0/0/2 | cc   |
      | /16/0/0/3 | dd   |
    Then (A) the Write-Composite the server sends is an iPATCH with a SenML Content-Format
    And (B) the body of the Write-Composite decodes and holds exactly the values asked for
