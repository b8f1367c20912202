@LightweightM2M-1.1-int-1635 @lwm2m-1.1 @dut-server @device-management @action-delete
Feature: LightweightM2M-1.1-int-1635 Delete Portfolio Object Instance (server side)
  Asked to delete a Portfolio instance, the server must send a Delete on that instance.

  Scenario: LightweightM2M-1.1-int-1635 Delete Portfolio Object Instance (server side)
    Given the server under test is running
    And the Test Client holds Portfolio instance /16/0
    And the Test Client holds Portfolio instance /16/1
    And the Test Client has registered with the server under test
    # Step 2: CoAP DELETE /16/1, no payload
    When (2) the server is asked to delete /16/1
    Then (A) the Delete the server sends is a DELETE on its path without a payload
