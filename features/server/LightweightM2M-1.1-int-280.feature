@LightweightM2M-1.1-int-280 @lwm2m-1.1 @dut-server @device-management @requires-composite @requires-format-senml-json @action-read-composite
Feature: LightweightM2M-1.1-int-280 Successful Read-Composite Operation (server side)
  Asked to read a resource, a resource instance and an object instance in one Read-Composite in
  SenML JSON, the server must send one FETCH whose SenML JSON body lists exactly those paths,
  with Accept 110, and report the values the Test Client answered (it decoded them).

  Scenario: LightweightM2M-1.1-int-280 Successful Read-Composite Operation (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP FETCH / with the path list /3/0/16, /3/0/11/0, /1/0 (Content-Format 110, Accept 110)
    When (1) the server is asked to read /3/0/16, /3/0/11/0, /1/0 in one Read-Composite in format senml-json
    Then (A) the Read-Composite the server sends is a FETCH whose SenML body lists exactly those paths, with an Accept
    And (B) the server reports the values the Test Client answered for each path
