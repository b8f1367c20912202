@LwM2M-Robustness-1.1-srv-2 @lwm2m-1.1 @dut-server @registration @action-read
Feature: LwM2M-Robustness-1.1-srv-2 Garbage datagrams and an Update flood (server side)
  Not an OMA ETS case: a check of the harness's own, which the ETS lacks. A datagram that is not
  a readable CoAP message is ignored or answered with a Reset (RFC 7252 §4.2, §4.3), and each
  Update of a registration the server holds is answered 2.04 Changed (LwM2M 1.1 TS Core §6.2.2):
  neither may stop the server from serving the client.

  Scenario: LwM2M-Robustness-1.1-srv-2 Garbage datagrams and an Update flood (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    When (1) the Test Client sends datagrams that are not readable CoAP messages
    And (2) the Test Client sends 20 Updates at once
    Then (A) the server still serves the Test Client: an Update is answered "2.04 Changed" and a Read of /3/0/0 asked of the server reaches the Test Client
