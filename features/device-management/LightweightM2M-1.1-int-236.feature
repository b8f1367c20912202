@LightweightM2M-1.1-int-236 @lwm2m-1.1 @dut-client @device-management @requires-composite @requires-format-senml-json
Feature: LightweightM2M-1.1-int-236 Read-Composite Operation - Partial Presence
  A Read-Composite naming paths the client does not have: those are left out silently and the
  others answered (C.1).

  Scenario: LightweightM2M-1.1-int-236 Read-Composite Operation - Partial Presence
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1

    # Step 1: Read-Composite of three present and two absent paths
    When (1) the Test Server reads /1/x, /1/x/1, /3/0/11/0, /3339/0/5522, /3353/0/6030 in one Read-Composite, in Content-Format 110
    Then (A) the Read-Composite is answered "2.05 Content" with data for /1/x, /1/x/1, /3/0/11/0, leaving out /3339/0/5522, /3353/0/6030
