@LightweightM2M-1.2-int-264 @lwm2m-1.2 @dut-server @device-management @action-discover @action-write-attributes @passes-depth-to-discover
Feature: LightweightM2M-1.2-int-264 Discover with depth 1 (server side)
  Asked to discover the Device object with depth 1, before and after writing an attribute on its
  instance, the server must send a Discover with Accept 40 and the query depth=1, a well-formed
  Write-Attributes, and report the links (with their attributes) the Test Client answered.

  Scenario: LightweightM2M-1.2-int-264 Discover with depth 1 (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP GET /3?depth=1 with Accept 40
    When (1) the server is asked to discover /3 with depth 1
    Then (A) the Discover the server sends is a GET on its path with Accept 40, the query depth=1 and no payload
    And (A) the server reports the links the Test Client answered
    # Step 2: CoAP PUT /3/0?pmax=200, no payload
    When (2) the server is asked to write the attributes pmax=200 to /3/0
    Then (B) each Write-Attributes the server sends is a PUT on its path with one query option per attribute and no payload
    # Step 3: CoAP GET /3?depth=1 again: </3/0> now carries pmax=200
    When (3) the server is asked to discover /3 with depth 1
    Then (C) the Discover the server sends is a GET on its path with Accept 40, the query depth=1 and no payload
    And (C) the server reports the links the Test Client answered
