@LightweightM2M-1.1-int-108 @lwm2m-1.1 @dut-server @registration @requires-queue-mode @action-read
Feature: LightweightM2M-1.1-int-108 Turn on Queue Mode (server side)
  The Test Client registers in queue mode; the server must accept it, may send it requests
  while it is awake, and must send it nothing once it sleeps.

  Scenario: LightweightM2M-1.1-int-108 Turn on Queue Mode (server side)
    Given the server under test is running
    # Step 1: CoAP POST /rd?ep=…&b=U&Q
    When (1) the Test Client sends a Register request in queue mode
    Then (A) the server answers "2.01 Created" with a Location-Path naming the registration
    # The positive control: while the Test Client is awake the server reads from it.
    When (2) the server is asked to read /3/0/0 while the Test Client is awake
    And (3) the Test Client sleeps and the server is asked to read /3/0/0
    Then (B) the server sends nothing while the Test Client sleeps
