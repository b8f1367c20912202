@LightweightM2M-1.1-int-307 @lwm2m-1.1 @dut-client @information-reporting @requires-send @requires-mute-send @erratum-post-for-resource-write
Feature: LightweightM2M-1.1-int-307 Muting Send
  While Mute Send (/1/x/23) is true the client must not Send; once it is false again it does.
  Mute Send is written with PUT (the ETS says POST: erratum). The "no Send" criterion is judged after the Send that follows unmuting (its positive control).

  Scenario: LightweightM2M-1.1-int-307 Muting Send
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1
    When (1) the Test Server writes true to Mute Send of its Server instance
    And (2) the Test Server makes the client Send, as its profile says
    And (2) the Test Server watches for a Send during the quiet window
    And (3) the Test Server writes false to Mute Send of its Server instance
    And (4) the Test Server makes the client Send, as its profile says
    Then (B) after unmuting, a Send arrives
    And (A) while Mute Send was true, no Send arrived
