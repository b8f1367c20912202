@LightweightM2M-1.0-int-680 @LightweightM2M-1.1-int-680 @lwm2m-1.0 @dut-client @device-management @requires-format-tlv
Feature: LightweightM2M-1.1-int-680 Create Object Instance (Device)
  The Device object has exactly one instance: a Create on /3 is refused with 4.05 and no instance
  appears (C.1).

  Scenario: LightweightM2M-1.1-int-680 Create Object Instance (Device)
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Create (CoAP POST /3) of instance 1
    When (1) the Test Server creates an instance of /3 with these values, in Content-Format 11542:
      | path    | value    |
      | /3/1/14 | "+02:00" |
    Then (A) the request is answered "4.05 Method Not Allowed"
    # Step 2: Read (CoAP GET /3): still the one instance
    When (2) the Test Server reads /3, accepting Content-Format 11542
    Then (B) the Read holds no data under /3/1
