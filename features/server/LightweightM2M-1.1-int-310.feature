@LightweightM2M-1.1-int-310 @lwm2m-1.1 @dut-server @information-reporting @requires-observe-composite @action-observe-composite @action-write-attributes @erratum-int-310-observe-value
Feature: LightweightM2M-1.1-int-310 Observe-Composite and modification of parameter values (server side)
  Asked to observe a resource and an object instance in one Observe-Composite and then to set
  pmax on the Device object, the server must send one FETCH with Observe=0 listing both paths,
  a well-formed Write-Attributes, and go on acknowledging the composite notifications.

  Scenario: LightweightM2M-1.1-int-310 Observe-Composite and modification of parameter values (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP FETCH / Observe=0 with /1/0/3, /3/0 (the ETS's "Observe=1" is an erratum: Observe=0 registers)
    When (1) the server is asked to observe /1/0/3, /3/0 in one Observe-Composite
    Then (A) the Observe-Composite the server sends is a FETCH with Observe=0 whose SenML body lists exactly those paths
    # Step 2: CoAP PUT /3?pmax=5, no payload
    When (2) the server is asked to write the attributes pmax=5 to /3
    Then (B) each Write-Attributes the server sends is a PUT on its path with one query option per attribute and no payload
    # Step 3: a value changes; the Test Client sends a CON notification of the Observe-Composite
    When (3) the Test Client notifies the Observe-Composite of /1/0/3, /3/0 after setting /1/0/3 to 20
    Then (C) the server acknowledges the confirmable composite notification
