@LightweightM2M-1.1-int-310 @lwm2m-1.1 @dut-client @information-reporting @requires-observe-composite @erratum-int-310-observe-value
Feature: LightweightM2M-1.1-int-310 Observe-Composite and modification of parameter values
  A composite observation of the Lifetime and the Device object instance; then a pmax written on
  the Device object must hold for it from then on (ETS configuration C.1). The ETS text names
  /1/0/3 where other suites use /1/0/1; the Lifetime (/1/x/1) is observed here. Erratum: the
  ETS says Observe=1 where registering the observation (Observe=0) is meant.

  Scenario: LightweightM2M-1.1-int-310 Observe-Composite and modification of parameter values
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    When (1) the Test Server observes /1/x/1, /3/0 together (Observe-Composite)
    Then (A) the response to the Observe-Composite of /1/x/1, /3/0 carries exactly these paths
    When (2) the Test Server writes the attributes pmax=5 to /3
    And (3) the Test Server watches the notifications for 3 periods of the largest pmax
    Then (B) the composite notifications of /1/x/1, /3/0 come at least every pmax after the Write-Attributes, carrying exactly these paths
