@LightweightM2M-1.0-int-801 @LightweightM2M-1.1-int-801 @lwm2m-1.0 @dut-client @objects @requires-object-6
Feature: LightweightM2M-1.1-int-801 Querying the readable resources of object Location
  The Test Server reads the Location object instance (ETS configuration C.7): Latitude,
  Longitude and Timestamp, plus any optional resources, each of its defined type with an
  admissible value (degrees within their ranges, a Timestamp after 1970).

  Scenario: LightweightM2M-1.1-int-801 Querying the readable resources of object Location
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /6/0) in the client's own format
    When (1) the Test Server reads the object instance /6/0
    Then (A, B) the client answers the Read of step 1 "2.05 Content" in a format it announces
    And (C) the answer of step 1 holds every mandatory readable resource of the object, each of its defined type with an admissible value
