@LightweightM2M-1.0-int-760 @LightweightM2M-1.1-int-760 @lwm2m-1.0 @dut-client @objects @requires-object-5 @requires-firmware-push
Feature: LightweightM2M-1.1-int-760 Basic Observation and notification on Firmware Update Object Resources
  The Test Server sets pmin=2 and pmax=10 on the Firmware Update instance (ETS configuration
  C.8), observes State (/5/0/3) while the client is Idle, pushes a valid package to Package
  (/5/0/0, Block1) and waits, up to timers.firmwareMs, for a notification showing Downloaded.
  The States notified on the way must be moves the TS state machine has. The attribute seconds
  are the ETS's unless the profile's timers.attributeSeconds replaces them.

  Scenario: LightweightM2M-1.1-int-760 Basic Observation and notification on Firmware Update Object Resources
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.8
    # Step 1: Write-Attributes (CoAP PUT /5/0?pmin=2&pmax=10)
    When (1) the Test Server sets the attributes pmin=2&pmax=10 on /5/0
    # Step 2: Observe (CoAP GET /5/0/3 with Observe=0) of State
    And (2) the Test Server starts observing /5/0/3
    # Step 3: Write (CoAP PUT /5/0/0, Block1) a valid package
    And (3) the Test Server delivers a valid package through Package
    # Step 4: the client notifies the new State
    And (4) the Test Server waits for a notification of /5/0/3 showing Downloaded
    Then (A) the client answers the request of step 1 "2.04 Changed"
    And (B) the Observe of /5/0/3 is answered "2.05 Content" with State Idle (0)
    And (C) the client takes the package of step 3: "2.31 Continue" to each block before the last, "2.04 Changed" at the end
    And (D) a notification of /5/0/3 shows Downloaded (2), after only moves the TS allows
