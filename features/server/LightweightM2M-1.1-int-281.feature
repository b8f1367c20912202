@LightweightM2M-1.1-int-281 @lwm2m-1.1 @dut-server @device-management @requires-composite @action-read-composite
Feature: LightweightM2M-1.1-int-281 Partially Successful Read-Composite Operation (server side)
  Asked to read the Lifetime, the Binding and the Registration Update Trigger of the Server
  object in one Read-Composite, the server sends one FETCH; the Test Client answers 2.05 with
  only /1/0/1 and /1/0/7 (/1/0/8 is executable, so not readable). The server must handle that
  partial answer: report the two values, and none for /1/0/8.

  Scenario: LightweightM2M-1.1-int-281 Partially Successful Read-Composite Operation (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP FETCH / with the path list /1/0/1, /1/0/7, /1/0/8 (SenML JSON or CBOR, the server's choice)
    When (1) the server is asked to read /1/0/1, /1/0/7, /1/0/8 in one Read-Composite
    Then (A) the Read-Composite the server sends is a FETCH whose SenML body lists exactly those paths, with an Accept
    And (B) the server reports the values the Test Client answered, and none for the paths it left out
