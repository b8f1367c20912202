@LightweightM2M-1.0-int-772 @LightweightM2M-1.1-int-772 @lwm2m-1.0 @dut-client @objects @requires-object-5
Feature: LightweightM2M-1.1-int-772 Error Case 1: firmware installation without downloaded package
  With no package downloaded, the Test Server executes Update: the client must refuse it with
  4.05 Method Not Allowed and change neither State nor Update Result.

  Scenario: LightweightM2M-1.1-int-772 Error Case 1: firmware installation without downloaded package
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Read (CoAP GET /5/0)
    When (1) the Test Server reads the object instance /5/0
    # Step 2: Execute (CoAP POST /5/0/2) Update
    And (2) the Test Server executes /5/0/2
    # Step 3: Read State and Update Result
    And (3) the Test Server reads State and Update Result
    Then (A) the answer of step 1 shows a State other than Downloaded and a defined Update Result
    And (B) the client answers the request of step 2 "4.05 Method Not Allowed"
    And (C) State and Update Result read in step 3 are those of step 1
