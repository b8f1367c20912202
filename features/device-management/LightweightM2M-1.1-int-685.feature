@LightweightM2M-1.0-int-685 @LightweightM2M-1.1-int-685 @lwm2m-1.0 @dut-client @device-management @requires-format-tlv
Feature: LightweightM2M-1.1-int-685 Delete Object Instance (Device)
  The Device object instance cannot be deleted: a Delete of /3/0 is refused with 4.05 and the
  instance is still readable (C.1).

  Scenario: LightweightM2M-1.1-int-685 Delete Object Instance (Device)
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Delete (CoAP DELETE /3/0)
    When (1) the Test Server deletes /3/0
    Then (A) the request is answered "4.05 Method Not Allowed"
    # Step 2: Read (CoAP GET /3/0)
    When (2) the Test Server reads /3/0, accepting Content-Format 11542
    Then (B) each Read is answered "2.05 Content" in Content-Format 11542 with the data of its level
