@LightweightM2M-1.1-int-107 @lwm2m-1.1 @dut-client @registration
Feature: LightweightM2M-1.1-int-107 Extending the lifetime of a registration
  The Test Server lengthens the lifetime (60 s to 120 s in the ETS); the client must announce it
  at once and then update within the new lifetime.

  Scenario: LightweightM2M-1.1-int-107 Extending the lifetime of a registration
    # Step 1: the client registers with the first lifetime
    Given the client is switched on with the first extended lifetime as its registration lifetime
    And the client has registered with the first extended lifetime
    # Step 2: Write (CoAP PUT /1/x/1) of the second lifetime
    When (2) the Test Server writes the second extended lifetime to the Lifetime resource of its Server instance
    Then (A) the client answers "2.04 Changed"
    And (B) the client sends an Update whose "lt" parameter is the new lifetime, and receives "2.04 Changed"
    # Step 3: wait
    And (C) the client sends its next Update before the new lifetime runs out
