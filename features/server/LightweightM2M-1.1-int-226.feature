@LightweightM2M-1.1-int-226 @lwm2m-1.1 @dut-server @device-management @requires-format-tlv @action-write-partial @action-read
Feature: LightweightM2M-1.1-int-226 Write (Partial Update) on Object Instance (server side)
  Asked to update Lifetime and Notification Storing of the Server object instance partially in
  TLV, the server must send a POST on the instance with Content-Format 11542 and a payload that
  holds those values, and accept the Update in which the Test Client announces the new lifetime;
  asked then to read the instance, it must report the values the Test Client holds now (the
  written ones and those nothing changed).

  Scenario: LightweightM2M-1.1-int-226 Write (Partial Update) on Object Instance (server side)
    Given the server under test is running
    And the Test Client has registered with the server under test
    # Step 1: CoAP POST /1/0 with Lifetime 61 and Notification Storing true, Content-Format 11542
    When (1) the server is asked to update /1/0 partially in format tlv with:
      | /1/0/1 | 61   |
      | /1/0/6 | true |
    Then (A) the Write the server sends is a POST on its path with the Content-Format of that format
    And (B) the payload of each Write decodes and holds the value asked for
    # Step 1 goes on: the client announces the new Lifetime at once in an Update (POST /rd/<location>?lt=N)
    When (1) the Test Client announces the written Lifetime in an Update
    Then (C) the server answers "2.04 Changed"
    # Step 2: CoAP GET /1/0 with Accept 11542
    When (2) the server is asked to read /1/0 in format tlv
    Then (D) each Read the server sends is a GET on its path with the Accept of that format
    And (E) the server reports the values the Test Client answered
