@LightweightM2M-1.0-int-302 @LightweightM2M-1.1-int-302 @lwm2m-1.0 @dut-client @information-reporting
Feature: LightweightM2M-1.1-int-302 Cancel Observations using Reset Operation
  With int-301's observations running, the Test Server answers a notification of the voltage
  with RST, then one of the current: each observation must stop (RFC 7641 §3.6), the current
  one going on until its own RST.

  Scenario: LightweightM2M-1.1-int-302 Cancel Observations using Reset Operation
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.4
    When (1) the Test Server writes the attributes pmin=5&pmax=15 to /3/0/7
    And (1) the Test Server writes the attributes pmin=10&pmax=20 to /3/0/8
    And (2) the Test Server observes /3/0/7, /3/0/8
    And (3) the Test Server watches the notifications for 1 period of the largest pmax
    Then (A) the Test Server receives the notifications of /3/0/7, /3/0/8 regularly, as their attributes and RFC 7641 require
    # Step 4: RST to a notification of the voltage, then (the current still notifying) to one of the current
    When (4) the Test Server answers the next notification of /3/0/7 with RST
    And (5) the Test Server answers the next notification of /3/0/8 with RST
    Then (B) no notification of /3/0/7, /3/0/8 follows its cancellation
