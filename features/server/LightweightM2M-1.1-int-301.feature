@LightweightM2M-1.1-int-301 @lwm2m-1.1 @dut-server @information-reporting @action-observe @action-observed-value
Feature: LightweightM2M-1.1-int-301 Observation and Notification of parameter values (server side)
  Asked to observe the voltage and current of the Test Client, the server must send Observe
  requests, acknowledge each confirmable notification and make the notified values known.

  Scenario: LightweightM2M-1.1-int-301 Observation and Notification of parameter values (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 3: CoAP GET /3/0/7 and /3/0/8 with Observe=0
    When (3) the server is asked to observe /3/0/7, /3/0/8
    Then (A) each Observe the server sends is a GET on its path with Observe=0
    # Step 4: the values change; the Test Client sends a CON notification for each observation
    When (4) the Test Client notifies /3/0/7, /3/0/8 after setting /3/0/7/0 to 3900 and /3/0/8/0 to 130
    Then (B) the server acknowledges each confirmable notification
    And (C) the server reports the notified values of /3/0/7, /3/0/8
