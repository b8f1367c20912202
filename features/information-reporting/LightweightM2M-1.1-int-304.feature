@LightweightM2M-1.1-int-304 @lwm2m-1.1 @dut-client @information-reporting @requires-observe-composite
Feature: LightweightM2M-1.1-int-304 Observe-Composite Operation
  The Test Server sets pmin/pmax on the Lifetime of its Server instance and observes it
  together with an Error Code and the Supported Binding (ETS configuration C.1). Which
  attributes a composite observation follows the TS leaves open; the harness takes those
  written on the observed paths (largest pmin, smallest pmax), the Server defaults otherwise.

  Scenario: LightweightM2M-1.1-int-304 Observe-Composite Operation
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    When (1) the Test Server writes the attributes pmin=30&pmax=45 to /1/x/1
    # Step 2: FETCH with Observe=0 and the path list in SenML CBOR
    And (2) the Test Server observes /1/x/1, /3/0/11/0, /3/0/16 together (Observe-Composite)
    Then (A) the response to the Observe-Composite of /1/x/1, /3/0/11/0, /3/0/16 carries exactly these paths
    And (B) a composite notification of /1/x/1, /3/0/11/0, /3/0/16 arrives between pmin and pmax, carrying exactly these paths
