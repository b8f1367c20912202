@LightweightM2M-1.1-int-205 @lwm2m-1.1 @dut-server @device-management @requires-format-text @action-write
Feature: LightweightM2M-1.1-int-205 Setting basic information in Plain Text format (server side)
  Asked to write single resources of the Server object in plain text, the server must send a
  Write (replace) per resource that carries Content-Format 0 and the value asked for.

  Scenario: LightweightM2M-1.1-int-205 Setting basic information in Plain Text format (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # CoAP PUT /1/0/2 "101", /1/0/3 "1010", /1/0/5 "2000", each with Content-Format 0
    When (1) the server is asked to write each resource in format text:
      | /1/0/2 | 101  |
      | /1/0/3 | 1010 |
      | /1/0/5 | 2000 |
    Then (A) each Write the server sends is a PUT on its path with the Content-Format of that format
    And (B) the payload of each Write decodes and holds the value asked for
