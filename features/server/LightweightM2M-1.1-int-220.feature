@LightweightM2M-1.1-int-220 @lwm2m-1.1 @dut-server @device-management @requires-format-json @action-write @action-write-partial
Feature: LightweightM2M-1.1-int-220 Setting basic information in JSON format (server side)
  Asked to update the Server object instance partially and then to replace it, in JSON, the
  server must send a POST and then a PUT on /1/0 with Content-Format 11543 and payloads that
  hold the values asked for.

  Scenario: LightweightM2M-1.1-int-220 Setting basic information in JSON format (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP POST /1/0 (partial update) with the 220-SetOfValues
    When (1) the server is asked to update /1/0 partially in format json with:
      | /1/0/2 | 101  |
      | /1/0/3 | 1010 |
      | /1/0/5 | 2000 |
      | /1/0/6 | true |
      | /1/0/7 | U    |
    Then (A) the Write the server sends is a POST on its path with the Content-Format of that format
    And (B) the payload of each Write decodes and holds the value asked for
    # Step 3: CoAP PUT /1/0 (replace) with the values of configuration C.3 (Lifetime included: an erratum)
    When (3) the server is asked to replace /1/0 in format json with:
      | /1/0/2 | 1     |
      | /1/0/1 | 30    |
      | /1/0/3 | 10    |
      | /1/0/5 | 86400 |
      | /1/0/6 | false |
      | /1/0/7 | U     |
    Then (C) the Write the server sends is a PUT on its path with the Content-Format of that format
    And (D) the payload of each Write decodes and holds the value asked for
