@LightweightM2M-1.2-int-312 @lwm2m-1.2 @dut-server @information-reporting @action-observe @action-observed-value @passes-attributes-to-observe
Feature: LightweightM2M-1.2-int-312 Observe with attributes as parameters (server side)
  Asked to observe the voltage with pmin 5 and pmax 15 as parameters of the Observe (LwM2M 1.2),
  the server must send a GET with Observe=0 whose query carries those attributes, acknowledge each
  confirmable notification and make the notified values known.

  Scenario: LightweightM2M-1.2-int-312 Observe with attributes as parameters (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP GET /3/0/7?pmin=5&pmax=15 with Observe=0
    When (1) the server is asked to observe /3/0/7 with the attributes pmin=5&pmax=15 as parameters
    Then (A) each Observe the server sends is a GET on its path with Observe=0 and the attributes asked for, one query option each
    # Step 2: the voltage changes; the Test Client sends a CON notification
    When (2) the Test Client notifies /3/0/7 after setting /3/0/7/0 to 3900
    Then (B) the server acknowledges each confirmable notification
    And (C) the server reports the notified values of /3/0/7
