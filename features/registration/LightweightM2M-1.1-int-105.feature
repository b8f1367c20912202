@LightweightM2M-1.1-int-105 @lwm2m-1.1 @dut-client @registration
Feature: LightweightM2M-1.1-int-105 Discarded Register Update
  The Test Server loses the client's registration; the client's next Update is answered
  "4.04 Not Found" and the client must register anew.

  Scenario: LightweightM2M-1.1-int-105 Discarded Register Update
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: a low lifetime, so that the next Update comes soon
    And the registration lifetime is the short lifetime
    # Step 2: the Test Server forgets the registration
    When (2) the Test Server discards the registration of the client
    # Step 3: the client's Update (CoAP POST /rd/<location>) meets 4.04
    Then (A) the client sends an Update to its discarded registration, which the Test Server answers "4.04 Not Found"
    And (B) the client registers anew with a Register request and receives "2.01 Created"
