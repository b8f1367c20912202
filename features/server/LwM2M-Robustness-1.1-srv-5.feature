@LwM2M-Robustness-1.1-srv-5 @lwm2m-1.1 @dut-server @registration @requires-transport-tcp
Feature: LwM2M-Robustness-1.1-srv-5 Keep-alive over TCP answered (server side)
  Not an OMA ETS case: a check of the harness's own, which the ETS lacks. A client behind a NAT
  keeps its TCP connection to the server alive with Ping (7.02) signals; the receiver of a Ping
  must answer it with a Pong (7.03) carrying the identical token (RFC 8323 §5.4), unless it
  ends the connection with a Release or Abort instead (then the case is INCONC).
  Runs when the server profile's serverUri is coap+tcp:// or coaps+tcp://.

  Scenario: LwM2M-Robustness-1.1-srv-5 Keep-alive over TCP answered (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    When (1) the Test Client sends a Ping over its connection
    Then (A) the server answers with a Pong carrying the Ping's token
