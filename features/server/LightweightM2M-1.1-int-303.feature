@LightweightM2M-1.1-int-303 @lwm2m-1.1 @dut-server @information-reporting @action-observe @action-cancel-observation
Feature: LightweightM2M-1.1-int-303 Cancel observations using Observe with Cancel parameter (server side)
  Asked to cancel an observation actively, the server must send a GET with Observe=1 and the
  token of the observation it keeps.

  Scenario: LightweightM2M-1.1-int-303 Cancel observations using Observe with Cancel parameter (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /3/0/7 with Observe=0
    When (1) the server is asked to observe /3/0/7
    Then (A) each Observe the server sends is a GET on its path with Observe=0
    # CoAP GET /3/0/7 with Observe=1 and the same token (the ETS cancels at /3/0: an erratum)
    When (2) the server is asked to cancel the observation of /3/0/7 actively
    Then (B) the cancellation is a GET on the observed path with Observe=1 and the token of the observation
