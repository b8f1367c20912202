@LightweightM2M-1.2-int-313 @lwm2m-1.2 @dut-client @information-reporting
Feature: LightweightM2M-1.2-int-313 Observe parameters override attributes
  Attributes given with the Observe request win over those written before (LwM2M 1.2,
  ETS configuration C.4): pmax 60 written, pmax 10 asked, notifications at least every 10 s.

  Scenario: LightweightM2M-1.2-int-313 Observe parameters override attributes
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.4
    When (1) the Test Server writes the attributes pmin=5&pmax=60 to /3/0/7
    And (2) the Test Server observes /3/0/7 with the attributes pmin=5&pmax=10 as parameters
    And (3) the Test Server watches the notifications for 3 periods of the largest pmax
    Then (A) the Test Server receives the notifications of /3/0/7 regularly, as their attributes and RFC 7641 require
