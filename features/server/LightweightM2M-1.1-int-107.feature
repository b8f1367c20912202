@LightweightM2M-1.1-int-107 @lwm2m-1.1 @dut-server @registration @requires-format-text @action-write
Feature: LightweightM2M-1.1-int-107 Extending the lifetime of a registration (server side)
  The Test Client, registered with a short lifetime, has its Lifetime (/1/0/1) written by the
  server and announces the new lifetime at once in an Update. The server must honour it: the
  registration is still held after the old lifetime has passed.

  Scenario: LightweightM2M-1.1-int-107 Extending the lifetime of a registration (server side)
    Given the server under test is running
    # Step 1: the Test Client registers with the short lifetime
    And the Test Client has registered with the server under test with the short lifetime
    # Step 2: CoAP PUT /1/0/1 with 120
    When (2) the server is asked to write each resource in format text:
      | /1/0/1 | 120 |
    Then (A) each Write the server sends is a PUT on its path with the Content-Format of that format
    And (B) the payload of each Write decodes and holds the value asked for
    # Step 3: CoAP POST /rd/<location>?lt=120 at once
    When (3) the Test Client sends an Update with the lifetime the server wrote
    Then (C) the server answers "2.04 Changed"
    # Step 4: the old lifetime passes with no further Update
    Then (D) past the old lifetime the server still holds the registration
