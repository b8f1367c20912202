@LightweightM2M-1.1-int-256 @lwm2m-1.1 @dut-server @device-management @requires-format-text @action-write @action-read
Feature: LightweightM2M-1.1-int-256 Write Operation Failure (server side)
  Asked to write the read-only Short Server ID of the Server object instance, the server must send
  the Write, and when the Test Client refuses it with 4.05 Method Not Allowed, report the failure,
  not a success; asked then to read the resource, it must report the value the Test Client kept.

  Scenario: LightweightM2M-1.1-int-256 Write Operation Failure (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP PUT /1/0/0 "123" with Content-Format 0; the Test Client answers 4.05
    When (1) the server is asked to write each resource in format text:
      | /1/0/0 | 123 |
    Then (A) each Write the server sends is a PUT on its path with the Content-Format of that format
    And (B) the server reports the failure the Test Client answered to each Write
    # Step 2: CoAP GET /1/0/0 with Accept 0; the Short Server ID is still 1
    When (2) the server is asked to read /1/0/0 in format text
    Then (C) each Read the server sends is a GET on its path with the Accept of that format
    And (D) the server reports the values the Test Client answered
