@LightweightM2M-1.1-int-1630 @lwm2m-1.1 @dut-server @device-management @requires-format-tlv @action-create
Feature: LightweightM2M-1.1-int-1630 Create Portfolio Object Instance (server side)
  Asked to create a Portfolio instance with two identities, the server must send a Create (POST
  on /16 with a TLV payload that holds them) and report the instance the Test Client created.

  Scenario: LightweightM2M-1.1-int-1630 Create Portfolio Object Instance (server side)
    Given the server under test is running
    And the Test Client holds Portfolio instance /16/0
    And the Test Client has registered with the server under test
    # Step 2: CoAP POST /16 with the 1630-SetOfValues in TLV; the Test Client names the new instance /16/1
    When (2) the server is asked to create an instance of /16 in format tlv with:
      | /16/1/0/0 | Host Device ID #2    |
      | /16/1/0/1 | Host Device Model #2 |
    Then (A) the Create the server sends is a POST on the object with the Content-Format of that format and the values asked for
    And (B) the server reports the instance the Test Client created
