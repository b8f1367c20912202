@LightweightM2M-1.1-int-305 @lwm2m-1.1 @dut-server @requires-transport-udp @information-reporting @requires-observe-composite @action-observe-composite @action-cancel-observation-composite @action-cancel-observation-composite-passive
Feature: LightweightM2M-1.1-int-305 Cancel Observation-Composite Operation (server side)
  Asked to cancel an Observe-Composite actively, the server must send a FETCH with Observe=1,
  the token of the observation and the same path list (RFC 7641 §3.6). Asked to forget one
  (passive cancellation, beyond the ETS steps), it must answer the next confirmable
  notification with RST.

  Scenario: LightweightM2M-1.1-int-305 Cancel Observation-Composite Operation (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP FETCH / Observe=0 with /1/0/1, /3/0/11/0, /3/0/16
    When (1) the server is asked to observe /1/0/1, /3/0/11/0, /3/0/16 in one Observe-Composite
    Then (A) the Observe-Composite the server sends is a FETCH with Observe=0 whose SenML body lists exactly those paths
    # Step 2: CoAP FETCH / Observe=1 with the same token and path list
    When (2) the server is asked to cancel the Observe-Composite of /1/0/1, /3/0/11/0, /3/0/16 actively
    Then (B) the cancellation is a FETCH with Observe=1, the token of the observation and the same path list
    # Steps 3-5 (harness): a second Observe-Composite, forgotten by the server; the Test Client notifies it
    When (3) the server is asked to observe /3/0/16, /1/0/1 in one Observe-Composite
    And (4) the server is asked to cancel the Observe-Composite of /3/0/16, /1/0/1 passively
    And (5) the Test Client notifies the Observe-Composite of /3/0/16, /1/0/1 after setting /1/0/1 to 50
    Then (C) the server answers the composite notification with RST
