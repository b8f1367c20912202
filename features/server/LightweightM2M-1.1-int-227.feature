@LightweightM2M-1.1-int-227 @lwm2m-1.1 @dut-server @device-management @requires-format-text @action-write @action-read
Feature: LightweightM2M-1.1-int-227 Write (replace) on Resource (server side)
  Asked to replace the Lifetime of the Server object instance in plain text, the server must send
  a PUT on the resource with Content-Format 0 and the value asked for, and accept the Update in
  which the Test Client announces the new lifetime; asked then to read it, it must report the
  value the Test Client holds now.

  Scenario: LightweightM2M-1.1-int-227 Write (replace) on Resource (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP PUT /1/0/1 "63" with Content-Format 0
    When (1) the server is asked to write each resource in format text:
      | /1/0/1 | 63 |
    Then (A) each Write the server sends is a PUT on its path with the Content-Format of that format
    And (B) the payload of each Write decodes and holds the value asked for
    # Step 1 goes on: the client announces the new Lifetime at once in an Update (POST /rd/<location>?lt=N)
    When (1) the Test Client announces the written Lifetime in an Update
    Then (C) the server answers "2.04 Changed"
    # Step 2: CoAP GET /1/0/1 with Accept 0
    When (2) the server is asked to read /1/0/1 in format text
    Then (D) each Read the server sends is a GET on its path with the Accept of that format
    And (E) the server reports the values the Test Client answered
