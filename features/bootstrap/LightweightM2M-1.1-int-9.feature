@LightweightM2M-1.1-int-9 @lwm2m-1.1 @dut-client @bootstrap @requires-bootstrap-client-initiated
Feature: LightweightM2M-1.1-int-9 Bootstrap and Configuration Consistency
  The Test Bootstrap Server writes nothing but the Disable Timeout of a Server instance, so the
  client holds no usable LwM2M Server account. At Bootstrap-Finish the client must check its
  configuration and refuse it with 4.06 Not Acceptable (LwM2M TS 1.1 §5.2.7.2).

  Scenario: LightweightM2M-1.1-int-9 Bootstrap and Configuration Consistency
    Given the client starts with only a Bootstrap-Server account, for the Test Bootstrap Server
    When (1) the client sends a Bootstrap-Request to the Test Bootstrap Server
    Then (A) the Bootstrap-Request carries the client's endpoint name and is answered "2.04 Changed"
    # Step 2: Bootstrap-Write (CoAP PUT /1/x/5 = 86400) and nothing else
    When (2) the Test Bootstrap Server writes only the Disable Timeout of a Server instance, 86400 s
    Then (B) the client answers each Bootstrap-Write "2.04 Changed"
    When (3) the Test Bootstrap Server sends Bootstrap-Finish
    Then (C) the Bootstrap-Finish is answered "4.06 Not Acceptable"
