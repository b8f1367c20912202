@LightweightM2M-1.2-int-312 @lwm2m-1.2 @dut-client @information-reporting
Feature: LightweightM2M-1.2-int-312 Observe with attributes as parameters
  LwM2M 1.2 lets the Observe request carry notification attributes as query parameters; they
  hold for that observation (ETS configuration C.4).

  Scenario: LightweightM2M-1.2-int-312 Observe with attributes as parameters
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.4
    # Step 1: GET /3/0/7?pmin=5&pmax=15 with Observe=0
    When (1) the Test Server observes /3/0/7 with the attributes pmin=5&pmax=15 as parameters
    Then (A) the response to the Observe of /3/0/7 carries /3/0/7/0, /3/0/7/1
    When (2) the Test Server watches the notifications for 2 periods of the largest pmax
    Then (B) the Test Server receives the notifications of /3/0/7 regularly, as their attributes and RFC 7641 require
