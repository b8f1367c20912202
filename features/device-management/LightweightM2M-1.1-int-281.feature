@LightweightM2M-1.1-int-281 @lwm2m-1.1 @dut-client @device-management @requires-composite @requires-format-senml-json
Feature: LightweightM2M-1.1-int-281 Partially Successful Read-Composite Operation
  A Read-Composite that names an executable resource: the answer holds the two readable
  resources and nothing for the executable one (C.1).

  Scenario: LightweightM2M-1.1-int-281 Partially Successful Read-Composite Operation
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1

    # Step 1: Read-Composite of /1/x/1, /1/x/7 and the executable /1/x/8
    When (1) the Test Server reads /1/x/1, /1/x/7, /1/x/8 in one Read-Composite, in Content-Format 110
    Then (A) the Read-Composite is answered "2.05 Content" with data for /1/x/1, /1/x/7, leaving out /1/x/8
