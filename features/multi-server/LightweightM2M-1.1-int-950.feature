@LightweightM2M-1.0-int-950 @LightweightM2M-1.1-int-950 @lwm2m-1.0 @dut-client @multi-server @requires-multi-server @requires-bootstrap-client-initiated @erratum-c14-acl-targets
Feature: LightweightM2M-1.1-int-950 Multi-Servers Registration
  The client holds two LwM2M Server accounts (ETS configuration C.14), provisioned by the Test
  Bootstrap Server: Short Server ID 1 for Test Server 1 and Short Server ID 2 for Test Server 2,
  each with its own lifetime, and an Access Control instance of the Device object for both. It
  must register with each server for that server's own account (LwM2M TS 1.1 §6.2.1).

  Scenario: LightweightM2M-1.1-int-950 Multi-Servers Registration
    Given the client has been bootstrapped with two server accounts, for Test Server 1 and Test Server 2
    # Step 1: Register at Test Server 1 (CoAP POST /rd?ep=...)
    When (1) the client sends a Register request to Test Server 1
    Then (A) Test Server 1 answers it "2.01 Created" and it carries the client's endpoint name and the lifetime of its account
    # Step 2: Register at Test Server 2 (CoAP POST /rd?ep=...)
    When (2) the client sends a Register request to Test Server 2
    Then (B) Test Server 2 answers it "2.01 Created" and it carries the client's endpoint name and the lifetime of its account
