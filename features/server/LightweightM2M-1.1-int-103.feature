@LightweightM2M-1.1-int-103 @lwm2m-1.1 @dut-server @registration @action-execute
Feature: LightweightM2M-1.1-int-103 Deregistration (server side)
  The Test Client de-registers; the server must answer "2.02 Deleted" and remove the
  registration from its registration database.

  Scenario: LightweightM2M-1.1-int-103 Deregistration (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP POST /1/0/4 (Disable), no payload
    When (1) the server is asked to execute /1/0/4
    Then (A) the Execute the server sends is a POST on its path without a payload
    # Step 2: CoAP DELETE /rd/<location>
    When (2) the Test Client sends a De-register request
    Then (B) the server answers "2.02 Deleted"
    And (C) the server has removed the registration
