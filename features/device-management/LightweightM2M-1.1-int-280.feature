@LightweightM2M-1.1-int-280 @lwm2m-1.1 @dut-client @device-management @requires-composite @requires-format-senml-json
Feature: LightweightM2M-1.1-int-280 Successful Read-Composite Operation
  One Read-Composite of a resource, a resource instance and an object instance: the answer holds
  exactly their data, with the values of C.1 and the declared ones.

  Scenario: LightweightM2M-1.1-int-280 Successful Read-Composite Operation
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.1

    # Step 1: Read-Composite (CoAP FETCH /) of /3/0/16, /3/0/11/0 and /1/x in SenML JSON
    When (1) the Test Server reads /3/0/16, /3/0/11/0, /1/x in one Read-Composite, in Content-Format 110
    Then (A) the Read-Composite is answered "2.05 Content" with data for /3/0/16, /3/0/11/0, /1/x
    And (B) the Read-Composite shows these values:
      | path      | value      |
      | /3/0/11/0 | 0          |
      | /3/0/16   | (declared) |
      | /1/x/0    | (any)      |
      | /1/x/1    | (lifetime) |
      | /1/x/6    | false      |
      | /1/x/7    | "U"        |
