@LightweightM2M-1.2-int-266 @lwm2m-1.2 @dut-server @device-management @action-discover @action-write-attributes @passes-depth-to-discover
Feature: LightweightM2M-1.2-int-266 Discover with depth (2/3) (server side)
  Asked to discover the Device object with depth 2, to write attributes on the object, a
  resource and a resource instance, and to discover with depth 3, the server must send each
  Discover with Accept 40 and the depth asked for, well-formed Write-Attributes, and report the
  links (with their attributes, down to the resource instances) the Test Client answered.

  Scenario: LightweightM2M-1.2-int-266 Discover with depth (2/3) (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP GET /3?depth=2 with Accept 40
    When (1) the server is asked to discover /3 with depth 2
    Then (A) the Discover the server sends is a GET on its path with Accept 40, the query depth=2 and no payload
    And (A) the server reports the links the Test Client answered
    # Steps 2-4: CoAP PUT /3?pmin=10&pmax=200, /3/0/7?lt=1&gt=6&st=1, /3/0/7/1?gt=8
    When (2) the server is asked to write the attributes pmin=10&pmax=200 to /3
    And (3) the server is asked to write the attributes lt=1&gt=6&st=1 to /3/0/7
    And (4) the server is asked to write the attributes gt=8 to /3/0/7/1
    Then (B) each Write-Attributes the server sends is a PUT on its path with one query option per attribute and no payload
    # Step 5: CoAP GET /3?depth=3 with Accept 40
    When (5) the server is asked to discover /3 with depth 3
    Then (C) the Discover the server sends is a GET on its path with Accept 40, the query depth=3 and no payload
    And (C) the server reports the links the Test Client answered
