@LightweightM2M-1.1-int-302 @lwm2m-1.1 @dut-server @requires-transport-udp @information-reporting @action-observe @action-cancel-observation-passive
Feature: LightweightM2M-1.1-int-302 Cancel Observations using Reset Operation (server side)
  Asked to forget an observation, the server must answer the next notification with a Reset;
  before that, it acknowledges notifications (the positive control).

  Scenario: LightweightM2M-1.1-int-302 Cancel Observations using Reset Operation (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    And the server under test observes /3/0/7
    # Step 1: a notification the server still wants: it must ACK it
    When (1) the Test Client notifies /3/0/7 after setting /3/0/7/0 to 3900 and the server acknowledges it
    # Step 2: the server forgets the observation; the next notification must be reset
    And (2) the server is asked to cancel the observation of /3/0/7 passively
    And (3) the Test Client notifies /3/0/7 after setting /3/0/7/0 to 3950
    Then (A) the server answers the notification with a Reset
