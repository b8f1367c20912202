@LightweightM2M-1.1-int-105 @lwm2m-1.1 @dut-server @registration
Feature: LightweightM2M-1.1-int-105 Discarded Register Update (server side)
  The server no longer holds the Test Client's registration (its lifetime passed); an Update
  to it must be answered "4.04 Not Found", and a new Register accepted.

  Scenario: LightweightM2M-1.1-int-105 Discarded Register Update (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test with the short lifetime
    # Step 2: the server forgets the registration when its lifetime ends
    When (2) the short lifetime passes without an Update
    # Step 3: CoAP POST /rd/<location>
    And (3) the Test Client sends an Update to its old registration
    Then (A) the server answers "4.04 Not Found"
    When (4) the Test Client sends a Register request with its endpoint name, lifetime, LwM2M version, binding and object list
    Then (B) the server answers "2.01 Created" with a Location-Path naming the registration
