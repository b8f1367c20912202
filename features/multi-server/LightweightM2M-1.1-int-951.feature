@LightweightM2M-1.0-int-951 @LightweightM2M-1.1-int-951 @lwm2m-1.0 @dut-client @multi-server @requires-multi-server @requires-bootstrap-client-initiated @erratum-c14-acl-targets
Feature: LightweightM2M-1.1-int-951 Multi-Servers & Attributes
  With the client registered at both servers (int-950), each server writes its own notification
  attributes on the Device instance. Attributes belong to the server that wrote them (LwM2M TS
  1.1 §5.1.2: "attached to an LwM2M Server"), so each one's Discover shows its own pmin and pmax.

  Scenario: LightweightM2M-1.1-int-951 Multi-Servers & Attributes
    Given the client has been bootstrapped with two server accounts, for Test Server 1 and Test Server 2
    And the client has registered at both Test Servers
    # Steps 1 and 2: Write-Attributes from each server (CoAP PUT /3/0?pmin=..&pmax=..)
    When (1) Test Server 1 writes the attributes "pmin=2&pmax=10" on /3/0
    And (2) Test Server 2 writes the attributes "pmin=15&pmax=50" on /3/0
    Then (A) both Write-Attributes are answered "2.04 Changed"
    # Steps 3 and 4: Discover from each server (CoAP GET /3/0 with Accept: application/link-format)
    When (3) Test Server 1 sends a Discover of /3/0
    And (4) Test Server 2 sends a Discover of /3/0
    Then (B) the Discover of Test Server 1 shows "pmin=2;pmax=10" on /3/0 and the Device resources 0, 1, 2, 3, 11 and 16
    And (C) the Discover of Test Server 2 shows "pmin=15;pmax=50" on /3/0 and the Device resources 0, 1, 2, 3, 11 and 16
