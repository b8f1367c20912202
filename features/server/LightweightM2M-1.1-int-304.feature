@LightweightM2M-1.1-int-304 @lwm2m-1.1 @dut-server @information-reporting @requires-observe-composite @action-observe-composite @action-observed-value
Feature: LightweightM2M-1.1-int-304 Observe-Composite Operation (server side)
  Asked to observe three paths in one Observe-Composite, the server must send one FETCH with
  Observe=0 listing them, keep the observation's token (it acknowledges the confirmable
  notification the Test Client sends with it) and make the notified values known.

  Scenario: LightweightM2M-1.1-int-304 Observe-Composite Operation (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1 (the Write-Attributes of the ETS step is the client side's): CoAP FETCH / Observe=0 with /1/0/1, /3/0/11/0, /3/0/16
    When (1) the server is asked to observe /1/0/1, /3/0/11/0, /3/0/16 in one Observe-Composite
    Then (A) the Observe-Composite the server sends is a FETCH with Observe=0 whose SenML body lists exactly those paths
    # Step 2: the Lifetime changes; the Test Client sends a CON notification with the observation's token
    When (2) the Test Client notifies the Observe-Composite of /1/0/1, /3/0/11/0, /3/0/16 after setting /1/0/1 to 45
    Then (B) the server acknowledges the confirmable composite notification
    And (C) the server reports the notified values of /1/0/1, /3/0/11/0, /3/0/16
