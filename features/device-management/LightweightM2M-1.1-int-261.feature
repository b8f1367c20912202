@LightweightM2M-1.1-int-261 @lwm2m-1.1 @dut-client @device-management
Feature: LightweightM2M-1.1-int-261 Write-Attribute Operation on a multiple resource
  Write-Attributes at object, instance and resource-instance level, then a Discover of the
  multiple resource Error Code: the resource shows what it inherits, its instance only its own (C.1).

  Scenario: LightweightM2M-1.1-int-261 Write-Attribute Operation on a multiple resource
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    # Step 1: Discover (CoAP GET /3/0/11)
    When (1) the Test Server discovers /3/0/11
    Then (A) the Discover is answered "2.05 Content" with exactly these links:
      | link       | attributes |
      | </3/0/11>  | dim        |
      | </3/0/11/0>|            |
    # Steps 2-4: Write-Attributes on /3, /3/0 and /3/0/11/0
    When (2) the Test Server writes these attributes:
      | path      | attributes                |
      | /3        | pmin=10&pmax=200          |
      | /3/0      | pmax=320                  |
      | /3/0/11/0 | pmax=100&epmin=1&epmax=20 |
    Then (B) each Write is answered "2.04 Changed"
    # Step 5: Discover (CoAP GET /3/0/11)
    When (5) the Test Server discovers /3/0/11
    Then (C) the Discover is answered "2.05 Content" with exactly these links:
      | link        | attributes                |
      | </3/0/11>   | dim;pmin=10;pmax=320      |
      | </3/0/11/0> | pmax=100;epmin=1;epmax=20 |
    # Restore: remove the attributes again
    And the Test Server restores the client by removing the attributes "pmin&pmax" of /3 and "pmax" of /3/0
