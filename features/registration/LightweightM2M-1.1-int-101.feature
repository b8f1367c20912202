@LightweightM2M-1.0-int-101 @LightweightM2M-1.1-int-101 @lwm2m-1.0 @dut-client @registration
Feature: LightweightM2M-1.1-int-101 Initial Registration
  The client registers at the Test Server with its endpoint name, lifetime, LwM2M version,
  binding and the list of its objects and object instances (ETS configuration C.1).
  TestFest entry criterion.

  Scenario: LightweightM2M-1.1-int-101 Initial Registration
    Given the client is switched on with the Test Server as its only LwM2M Server
    # Step 1: the client sends Register (CoAP POST /rd?ep=...&lt=...&lwm2m=...&b=...)
    When (1) the client sends a Register request to the Test Server
    Then (A) the Register request carries the endpoint name, lifetime, LwM2M version, binding and object list as the specification requires
    And (B) the client receives "2.01 Created" with the location of its registration, and takes it
