@LightweightM2M-1.2-int-266 @lwm2m-1.2 @dut-client @device-management @erratum-int-266-object-attributes
Feature: LightweightM2M-1.2-int-266 Discover with depth (2/3)
  A Discover of the Device object with depth 2 lists object, instance and resources; after
  Write-Attributes on the object, a resource and a resource instance, a Discover with depth 3
  also lists the resource instances, each link with the attributes set on it (C.4).

  Scenario: LightweightM2M-1.2-int-266 Discover with depth (2/3)
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.4
    # Step 1: Discover (CoAP GET /3?depth=2, Accept 40); C.4 is a minimum, so more resources may be listed
    When (1) the Test Server discovers /3 with depth 2
    Then (A) the Discover is answered "2.05 Content" with at least these links:
      | link      | attributes       |
      | </3>      | pmin?=1;pmax?=10 |
      | </3/0>    |                  |
      | </3/0/0>  |                  |
      | </3/0/1>  |                  |
      | </3/0/2>  |                  |
      | </3/0/3>  |                  |
      | </3/0/4>  |                  |
      | </3/0/6>  | dim              |
      | </3/0/7>  | dim              |
      | </3/0/8>  | dim              |
      | </3/0/9>  |                  |
      | </3/0/11> | dim              |
      | </3/0/16> |                  |
    And (A) the Discover lists nothing more than 2 levels below /3
    # Steps 2-4: Write-Attributes (CoAP PUT) on /3, /3/0/7 and /3/0/7/1
    When (2) the Test Server writes these attributes:
      | path     | attributes       |
      | /3       | pmin=10&pmax=200 |
      | /3/0/7   | lt=1&gt=6&st=1   |
      | /3/0/7/1 | gt=8             |
    Then (B) each Write is answered "2.04 Changed"
    # Step 5: Discover (CoAP GET /3?depth=3). The ETS shows pmin/pmax on </3/0> and no </3> line:
    # an erratum (they were written on /3, and a Discover lists its target first)
    When (5) the Test Server discovers /3 with depth 3
    Then (C) the Discover is answered "2.05 Content" with at least these links:
      | link        | attributes         |
      | </3>        | pmin=10;pmax=200   |
      | </3/0>      |                    |
      | </3/0/6>    | dim                |
      | </3/0/6/0>  |                    |
      | </3/0/6/1>  |                    |
      | </3/0/7>    | dim;lt=1;gt=6;st=1 |
      | </3/0/7/0>  |                    |
      | </3/0/7/1>  | gt=8               |
      | </3/0/8>    | dim                |
      | </3/0/8/0>  |                    |
      | </3/0/8/1>  |                    |
      | </3/0/9>    |                    |
      | </3/0/16>   |                    |
    # Restore: remove the attributes again
    And the Test Server restores the client by removing the attributes "pmin&pmax" of /3 and "lt&gt&st" of /3/0/7
    And the Test Server restores the client by removing the attributes "gt" of /3/0/7/1
