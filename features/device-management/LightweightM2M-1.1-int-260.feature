@LightweightM2M-1.0-int-260 @LightweightM2M-1.1-int-260 @lwm2m-1.0 @dut-client @device-management @erratum-int-260-object-discover
Feature: LightweightM2M-1.1-int-260 Discover Command
  Discover on the Device object, Write-Attributes on its instance and on a resource, and Discover
  again at each level: a resource Discover shows the attributes inherited from the instance
  (C.4). The attributes are removed again at the end.

  Scenario: LightweightM2M-1.1-int-260 Discover Command
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.4
    # Step 1: Discover (CoAP GET /3, Accept 40)
    When (1) the Test Server discovers /3
    Then (A) the Discover is answered "2.05 Content" with at least these links:
      | link      | attributes |
      | </3>      |            |
      | </3/0/0>  |            |
      | </3/0/1>  |            |
      | </3/0/2>  |            |
      | </3/0/3>  |            |
      | </3/0/4>  |            |
      | </3/0/6>  | dim        |
      | </3/0/7>  | dim        |
      | </3/0/8>  | dim        |
      | </3/0/9>  |            |
      | </3/0/11> | dim        |
      | </3/0/16> |            |
    # Step 2: Write-Attributes (CoAP PUT /3/0?pmin=10&pmax=200)
    When (2) the Test Server writes the attributes "pmin=10&pmax=200" to /3/0
    Then (B) each Write is answered "2.04 Changed"
    # Step 3: Discover (CoAP GET /3/0, as INT 1.2 has it: an object Discover shows object-level attributes only)
    When (3) the Test Server discovers /3/0
    Then (C) the Discover is answered "2.05 Content" with at least these links:
      | link    | attributes       |
      | </3/0>  | pmin=10;pmax=200 |
    # Step 4: Write-Attributes (CoAP PUT /3/0/7?lt=1&gt=6&st=1)
    When (4) the Test Server writes the attributes "lt=1&gt=6&st=1" to /3/0/7
    Then (B) each Write is answered "2.04 Changed"
    # Step 5: Discover (CoAP GET /3/0)
    When (5) the Test Server discovers /3/0
    Then (D) the Discover is answered "2.05 Content" with at least these links:
      | link     | attributes           |
      | </3/0>   | pmin=10;pmax=200     |
      | </3/0/7> | dim;lt=1;gt=6;st=1   |
    # Step 6: Discover (CoAP GET /3/0/7): the instance's pmin/pmax are inherited
    When (6) the Test Server discovers /3/0/7
    Then (E) the Discover is answered "2.05 Content" with exactly these links:
      | link     | attributes                          |
      | </3/0/7> | pmin=10;pmax=200;dim;lt=1;gt=6;st=1 |
    # Restore: remove the attributes again
    And the Test Server restores the client by removing the attributes "pmin&pmax" of /3/0 and "lt&gt&st" of /3/0/7
