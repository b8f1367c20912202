@LightweightM2M-1.1-int-104 @lwm2m-1.1 @dut-server @registration @action-execute
Feature: LightweightM2M-1.1-int-104 Registration Update Trigger (server side)
  The Test Client, registered with a short lifetime, sends a parameterless Update before the
  lifetime ends; the server must accept it and keep the registration past its first lifetime.

  Scenario: LightweightM2M-1.1-int-104 Registration Update Trigger (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test with the short lifetime
    # Step 1: CoAP POST /1/0/8 (Registration Update Trigger), no payload
    When (1) the server is asked to execute /1/0/8
    Then (A) the Execute the server sends is a POST on its path without a payload
    # Step 2: CoAP POST /rd/<location> without parameters, halfway through the lifetime
    When (2) the Test Client sends an Update without parameters halfway through the lifetime
    Then (D) the server answers "2.04 Changed"
    And (E) past the first lifetime the server still holds the registration
