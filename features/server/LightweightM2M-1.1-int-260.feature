@LightweightM2M-1.1-int-260 @lwm2m-1.1 @dut-server @device-management @action-write-attributes @action-discover
Feature: LightweightM2M-1.1-int-260 Discover Command (server side)
  Asked to write notification attributes and then to discover, the server must send a
  Write-Attributes with one query option per attribute, a Discover with Accept 40, and report
  the links (with their attributes) the Test Client answered.

  Scenario: LightweightM2M-1.1-int-260 Discover Command (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 2: CoAP PUT /3/0?pmin=10&pmax=200, no payload
    When (2) the server is asked to write the attributes pmin=10&pmax=200 to /3/0
    Then (A) each Write-Attributes the server sends is a PUT on its path with one query option per attribute and no payload
    # Step 3: CoAP GET /3/0 with Accept 40
    When (3) the server is asked to discover /3/0
    Then (B) the Discover the server sends is a GET on its path with Accept 40 and no payload
    And (C) the server reports the links the Test Client answered
