@LightweightM2M-1.1-int-305 @lwm2m-1.1 @dut-client @information-reporting @requires-observe-composite
Feature: LightweightM2M-1.1-int-305 Cancel Observation-Composite Operation
  The Test Server cancels an Observe-Composite with a FETCH carrying Observe=1, its token and
  the same path list. So that "no further notifications" means something, the Test Server
  first sees one notification (int-304's attributes), as a positive control.

  Scenario: LightweightM2M-1.1-int-305 Cancel Observation-Composite Operation
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    When (1) the Test Server writes the attributes pmin=30&pmax=45 to /1/x/1
    And (1) the Test Server observes /1/x/1, /3/0/11/0, /3/0/16 together (Observe-Composite)
    Then (A) the response to the Observe-Composite of /1/x/1, /3/0/11/0, /3/0/16 carries exactly these paths
    When (2) the Test Server waits for a notification of /1/x/1, /3/0/11/0, /3/0/16
    # Step 3: FETCH with Observe=1, the same token and path list
    And (3) the Test Server cancels the observation of /1/x/1, /3/0/11/0, /3/0/16 with Observe=1
    Then (B) each cancelling request is answered "2.05 Content"
    And (C) no notification of /1/x/1, /3/0/11/0, /3/0/16 follows its cancellation
