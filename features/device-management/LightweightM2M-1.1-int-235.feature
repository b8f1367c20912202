@LightweightM2M-1.1-int-235 @lwm2m-1.1 @dut-client @device-management @requires-composite @requires-format-senml-json
Feature: LightweightM2M-1.1-int-235 Read-Composite Operation on root path
  A Read-Composite of the root path returns every readable resource, but nothing of the
  Security (/0), OSCORE (/21) or /23 objects (C.1).

  Scenario: LightweightM2M-1.1-int-235 Read-Composite Operation on root path
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1

    # Step 1: Read-Composite (CoAP FETCH /) of the root path
    When (1) the Test Server reads / in one Read-Composite, in Content-Format 110
    Then (A) the Read-Composite is answered "2.05 Content" with data for /1, /3 and nothing of /0, /21 or /23
