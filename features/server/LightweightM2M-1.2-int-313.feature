@LightweightM2M-1.2-int-313 @lwm2m-1.2 @dut-server @information-reporting @action-write-attributes @action-observe @action-observed-value @passes-attributes-to-observe
Feature: LightweightM2M-1.2-int-313 Observe parameters override attributes (server side)
  Asked to write pmin 5 and pmax 60 on the voltage and then to observe it with pmin 5 and pmax 10
  as parameters (LwM2M 1.2), the server must send a well-formed Write-Attributes, an Observe whose
  query carries the attributes asked for the observation (pmax 10, not the 60 written before),
  acknowledge each confirmable notification and make the notified values known.

  Scenario: LightweightM2M-1.2-int-313 Observe parameters override attributes (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP PUT /3/0/7?pmin=5&pmax=60, no payload
    When (1) the server is asked to write the attributes pmin=5&pmax=60 to /3/0/7
    Then (A) each Write-Attributes the server sends is a PUT on its path with one query option per attribute and no payload
    # Step 2: CoAP GET /3/0/7?pmin=5&pmax=10 with Observe=0
    When (2) the server is asked to observe /3/0/7 with the attributes pmin=5&pmax=10 as parameters
    Then (B) each Observe the server sends is a GET on its path with Observe=0 and the attributes asked for, one query option each
    # Step 3: the voltage changes; the Test Client sends a CON notification
    When (3) the Test Client notifies /3/0/7 after setting /3/0/7/0 to 3900
    Then (C) the server acknowledges each confirmable notification
    And (D) the server reports the notified values of /3/0/7
