@LightweightM2M-1.1-int-228 @lwm2m-1.1 @dut-server @device-management @requires-format-text @action-write @action-read @erratum-post-for-resource-write
Feature: LightweightM2M-1.1-int-228 Write on Resource Instance (server side)
  Asked to write one instance of the multiple Identity resource of a Portfolio instance in plain
  text, the server must send a PUT on that resource instance with Content-Format 0 and the value
  asked for; asked then to read the resource instance, it must report the value the Test Client
  holds now.

  Scenario: LightweightM2M-1.1-int-228 Write on Resource Instance (server side)
    Given the server under test is running
    And the Test Client holds Portfolio instance /16/0
    And the Test Client has registered with the server under test
    # Step 1: CoAP PUT /16/0/0/1 "test" with Content-Format 0 (the ETS says "CoAP POST"; a Write (replace) is a PUT)
    When (1) the server is asked to write each resource in format text:
      | /16/0/0/1 | test |
    Then (A) each Write the server sends is a PUT on its path with the Content-Format of that format
    And (B) the payload of each Write decodes and holds the value asked for
    # Step 2: CoAP GET /16/0/0/1 with Accept 0
    When (2) the server is asked to read /16/0/0/1 in format text
    Then (C) each Read the server sends is a GET on its path with the Accept of that format
    And (D) the server reports the values the Test Client answered
