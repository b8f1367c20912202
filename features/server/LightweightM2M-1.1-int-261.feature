@LightweightM2M-1.1-int-261 @lwm2m-1.1 @dut-server @device-management @action-write-attributes @action-discover
Feature: LightweightM2M-1.1-int-261 Write-Attribute Operation on a multiple resource (server side)
  Asked to write attributes at object, instance and resource-instance level, the server must send
  well-formed Write-Attributes; asked to discover the multiple resource, it must report the links
  and attributes the Test Client answered.

  Scenario: LightweightM2M-1.1-int-261 Write-Attribute Operation on a multiple resource (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Steps 2-4: CoAP PUT /3?pmin=10&pmax=200, /3/0?pmax=320, /3/0/11/0?pmax=100&epmin=1&epmax=20
    When (2) the server is asked to write the attributes pmin=10&pmax=200 to /3
    And (3) the server is asked to write the attributes pmax=320 to /3/0
    And (4) the server is asked to write the attributes pmax=100&epmin=1&epmax=20 to /3/0/11/0
    Then (A) each Write-Attributes the server sends is a PUT on its path with one query option per attribute and no payload
    # Step 5: CoAP GET /3/0/11 with Accept 40
    When (5) the server is asked to discover /3/0/11
    Then (B) the Discover the server sends is a GET on its path with Accept 40 and no payload
    And (C) the server reports the links the Test Client answered
