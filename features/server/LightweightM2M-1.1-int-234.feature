@LightweightM2M-1.1-int-234 @lwm2m-1.1 @dut-server @device-management @requires-format-senml-json @action-write-partial
Feature: LightweightM2M-1.1-int-234 Setting basic information in SenML JSON format (server side)
  Asked to update the Server object instance partially in SenML JSON, the server must send a POST
  on /1/0 with Content-Format 110 and a payload that holds the values asked for.

  Scenario: LightweightM2M-1.1-int-234 Setting basic information in SenML JSON format (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP POST /1/0 with Lifetime 61 and Notification Storing true, Content-Format 110
    When (1) the server is asked to update /1/0 partially in format senml-json with:
      | /1/0/1 | 61   |
      | /1/0/6 | true |
    Then (A) the Write the server sends is a POST on its path with the Content-Format of that format
    And (B) the payload of each Write decodes and holds the value asked for
