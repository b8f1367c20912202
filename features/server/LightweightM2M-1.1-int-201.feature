@LightweightM2M-1.1-int-201 @lwm2m-1.1 @dut-server @device-management @requires-format-text @action-read
Feature: LightweightM2M-1.1-int-201 Querying basic information in Plain Text format (server side)
  Asked to read the Manufacturer, Model Number and Serial Number of the Test Client in plain
  text, the server must send well-formed Reads and report the values the Test Client answered.

  Scenario: LightweightM2M-1.1-int-201 Querying basic information in Plain Text format (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP GET /3/0/0, /3/0/1, /3/0/2, each with Accept 0 (text/plain)
    When (1) the server is asked to read /3/0/0, /3/0/1, /3/0/2 in format text
    Then (A) each Read the server sends is a GET on its path with the Accept of that format
    And (B) the server reports the values the Test Client answered
