@LightweightM2M-1.0-int-1635 @LightweightM2M-1.1-int-1635 @lwm2m-1.0 @dut-client @objects @requires-object-16 @requires-format-tlv @erratum-deleted-code
Feature: LightweightM2M-1.1-int-1635 Delete Portfolio Object Instance
  The Test Server deletes every Portfolio instance; the last Discover shows the object alone. The
  ETS expects "2.04 Deleted"; Delete answers 2.02 Deleted (TS Core, Delete). The instances are
  created again at the end (C.12).

  Scenario: LightweightM2M-1.1-int-1635 Delete Portfolio Object Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.12
    And the Test Server has saved the values of /16
    # Step 1: Discover (CoAP GET /16)
    When (1) the Test Server discovers /16
    Then (A) the Discover is answered "2.05 Content" with at least these links:
      | link      | attributes |
      | </16>     |            |
      | </16/0>   |            |
      | </16/0/0> | dim        |
    # Step 2: Delete (CoAP DELETE) of each instance
    When (2) the Test Server deletes each instance of /16 that the Discover listed
    Then (B) each Write is answered "2.02 Deleted"
    # Step 3: Discover (CoAP GET /16)
    When (3) the Test Server discovers /16
    Then (C) the Discover is answered "2.05 Content" with exactly these links:
      | link  | attributes |
      | </16> |            |
    # Restore C.12
    And the Test Server restores the saved instances of /16 by Create, in Content-Format 11542
