@LightweightM2M-1.1-int-109 @lwm2m-1.1 @dut-server @registration @requires-queue-mode @action-read
Feature: LightweightM2M-1.1-int-109 Behavior in Queue Mode (server side)
  A request made while the Test Client sleeps in queue mode must wait for its next Update and
  then be sent.

  Scenario: LightweightM2M-1.1-int-109 Behavior in Queue Mode (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test in queue mode
    And the server under test has read /3/0/0 from the Test Client while it is awake
    # Step 2: the operator asks for a Read while the client sleeps
    When (2) the Test Client sleeps and the server is asked to read /3/0/0
    Then (A) the server sends nothing while the Test Client sleeps
    # Step 3: the client wakes with an Update; the Read must follow it
    When (3) the Test Client sends an Update
    Then (B) the server sends the held Read after the Update
