@LightweightM2M-1.0-int-901 @LightweightM2M-1.1-int-901 @lwm2m-1.0 @dut-client @objects @requires-object-7 @erratum-int-901-criterion-h
Feature: LightweightM2M-1.1-int-901 Querying a Data Collection from Connectivity Object Instance
  The Test Server starts a collection of Connectivity Statistics (ETS configuration C.9), uses
  the connection, stops the collection and reads the statistics. The ETS lists its criteria from
  A to H; its criterion H names /4 resources (OMA issue #236), so the statistics are judged here
  against the /7 definition. Letters here: A Start, B Stop, C the Read, D the values.

  Scenario: LightweightM2M-1.1-int-901 Querying a Data Collection from Connectivity Object Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Execute (CoAP POST /7/0/6) Start
    When (1) the Test Server executes /7/0/6
    # Step 2: a few seconds of use
    And (2) the Test Server exchanges a few requests with the client
    # Step 3: Execute (CoAP POST /7/0/7) Stop
    And (3) the Test Server executes /7/0/7
    # Step 4: Read (CoAP GET /7/0)
    And (4) the Test Server reads the object instance /7/0
    Then (A) the client answers the request of step 1 "2.04 Changed"
    And (B) the client answers the request of step 3 "2.04 Changed"
    And (C) the client answers the Read of step 4 "2.05 Content" in a format it announces
    And (D) the statistics read in step 4 are admissible and coherent
