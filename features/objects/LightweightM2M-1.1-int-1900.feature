@LightweightM2M-1.1-int-1900 @lwm2m-1.1 @dut-client @objects @requires-object-19 @erratum-int-1900-object-version
Feature: LightweightM2M-1.1-int-1900 BinaryAppDataContainer: observation
  The Test Server discovers /19 (ETS configuration C.15), sets pmin=300&pmax=3600 on Data
  (/19/0/0), observes it and watches the notifications. The ETS expects version 1.1 of /19; the
  registered object is version 1.0 (erratum), so the Discover is judged against the version of
  the definition the harness loads. The attribute seconds are the ETS's unless the profile's
  timers.attributeSeconds replaces them (an hour of watching otherwise).

  Scenario: LightweightM2M-1.1-int-1900 BinaryAppDataContainer: observation
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.15
    # Step 1: Discover (CoAP GET /19 with Accept 40)
    When (1) the Test Server discovers /19
    # Step 2: Write-Attributes (CoAP PUT /19/0/0?pmin=300&pmax=3600)
    And (2) the Test Server sets the attributes pmin=300&pmax=3600 on /19/0/0
    # Step 3: Observe (CoAP GET /19/0/0 with Observe=0)
    And (3) the Test Server starts observing /19/0/0
    # Step 4: the client notifies
    And (4) the Test Server watches the notifications for 1 period of the largest pmax
    Then (A) the Discover shows the object at the version of its definition, with /19/0, /19/0/0
    And (B) the client answers the request of step 2 "2.04 Changed"
    And (C) the Observe of /19/0/0 is answered "2.05 Content" with values the object definition admits
    And (D) the notifications of /19/0/0 come as its attributes require, each with values the object definition admits
