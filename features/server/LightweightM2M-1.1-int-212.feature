@LightweightM2M-1.1-int-212 @lwm2m-1.1 @dut-server @device-management @requires-format-cbor @action-write @action-read
Feature: LightweightM2M-1.1-int-212 Setting basic information in CBOR format (server side)
  Asked to write single resources of the Server object instance in CBOR, the server must send a
  Write (replace) per resource with Content-Format 60 and the value asked for; asked then to read
  the instance in no particular format, it must decode the format the Test Client chose.

  Scenario: LightweightM2M-1.1-int-212 Setting basic information in CBOR format (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Steps 1-3: CoAP PUT /1/0/2 101, /1/0/3 1010, /1/0/6 true, each with Content-Format 60
    When (1) the server is asked to write each resource in format cbor:
      | /1/0/2 | 101  |
      | /1/0/3 | 1010 |
      | /1/0/6 | true |
    Then (A) each Write the server sends is a PUT on its path with the Content-Format of that format
    And (B) the payload of each Write decodes and holds the value asked for
    # Step 4: CoAP GET /1/0 without Accept (CBOR 60 holds one value); the Test Client answers in SenML CBOR
    When (4) the server is asked to read /1/0 without a format
    Then (C) the Read the server sends is a GET on its path without an Accept option
    And (D) the server reports the values the Test Client answered
