@LightweightM2M-1.0-int-303 @LightweightM2M-1.1-int-303 @lwm2m-1.0 @dut-client @information-reporting @erratum-int-303-cancel-level
Feature: LightweightM2M-1.1-int-303 Cancel observations using Observe with Cancel parameter
  With int-301's observations running, the Test Server cancels them actively with Observe=1.
  Erratum: the ETS text sends one GET /3/0 with Observe=1, although the observations are on the
  resources /3/0/7 and /3/0/8. RFC 7641 §3.6 (which the TS follows) cancels an observation by a
  GET of its own target carrying its own token, so the Test Server sends one such GET per
  observation, as the TS says.

  Scenario: LightweightM2M-1.1-int-303 Cancel observations using Observe with Cancel parameter
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.4
    When (1) the Test Server writes the attributes pmin=5&pmax=15 to /3/0/7
    And (1) the Test Server writes the attributes pmin=10&pmax=20 to /3/0/8
    And (2) the Test Server observes /3/0/7, /3/0/8
    And (3) the Test Server watches the notifications for 1 period of the largest pmax
    Then (A) the Test Server receives the notifications of /3/0/7, /3/0/8 regularly, as their attributes and RFC 7641 require
    # Step 4: GET with Observe=1 and the observation's token, per observation
    When (4) the Test Server cancels the observation of /3/0/7, /3/0/8 with Observe=1
    Then (B) each cancelling request is answered "2.05 Content"
    And (C) no notification of /3/0/7, /3/0/8 follows its cancellation
