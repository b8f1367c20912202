@LightweightM2M-1.1-int-102 @lwm2m-1.1 @dut-server @registration
Feature: LightweightM2M-1.1-int-102 Registration Update (server side)
  The Test Client updates its registration with a short lifetime, which the server must accept;
  when that lifetime passes without another Update, the server must remove the registration.

  Scenario: LightweightM2M-1.1-int-102 Registration Update (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 2: CoAP POST /rd/<location>?lt=<short lifetime>
    When (2) the Test Client sends an Update with the short lifetime
    Then (C) the server answers "2.04 Changed"
    # Step 3: no parameterless Update follows before the lifetime ends
    When (3) the short lifetime passes without an Update
    Then (D) the server has removed the registration
