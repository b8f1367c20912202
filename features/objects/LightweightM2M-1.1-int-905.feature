@LightweightM2M-1.0-int-905 @LightweightM2M-1.1-int-905 @lwm2m-1.0 @dut-client @objects @requires-object-7
Feature: LightweightM2M-1.1-int-905 Setting the writable resources of object Connectivity Statistics
  The Test Server reads the Connectivity Statistics instance (ETS configuration C.9), writes a
  new Collection Period (/7/0/8) and reads the instance again.

  Scenario: LightweightM2M-1.1-int-905 Setting the writable resources of object Connectivity Statistics
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /7/0)
    When (1) the Test Server reads the object instance /7/0
    # Step 2: Write (CoAP PUT /7/0/8, text/plain) a new Collection Period
    And (2) the Test Server writes a Collection Period other than the one read in step 1 to /7/0/8
    # Step 3: Read (CoAP GET /7/0)
    And (3) the Test Server reads the object instance /7/0
    Then (A) the client answers the Read of step 1 "2.05 Content" in a format it announces
    And (B) the client answers the request of step 2 "2.04 Changed"
    And (C) the answer of step 3 holds the Collection Period written in step 2
