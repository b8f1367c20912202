@LightweightM2M-1.0-int-910 @LightweightM2M-1.1-int-910 @lwm2m-1.0 @dut-client @objects @requires-object-7
Feature: LightweightM2M-1.1-int-910 Basic Observation and notification on Connectivity Statistics Object Instance
  The Test Server sets pmin=2 and pmax=10 on the Connectivity Statistics instance (ETS
  configuration C.9), sets the Collection Period to 0 (collect until Stop), observes the
  instance, starts a collection and watches the notifications, stops the collection and cancels
  the observation. Each notification must come within the attributes with statistics the /7
  definition admits and that agree with each other (the average message no larger than the
  largest). Letters here: A the attributes, B the Collection Period, C the Observe, D Start,
  E the notifications, F Stop.

  Scenario: LightweightM2M-1.1-int-910 Basic Observation and notification on Connectivity Statistics Object Instance
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    # Step 1: Write-Attributes (CoAP PUT /7/0?pmin=2&pmax=10)
    When (1) the Test Server sets the attributes pmin=2&pmax=10 on /7/0
    # Step 2: Write (CoAP PUT /7/0/8) Collection Period 0
    And (2) the Test Server writes the integer 0 to /7/0/8
    # Step 3: Observe (CoAP GET /7/0 with Observe=0)
    And (3) the Test Server starts observing /7/0
    # Step 4: Execute (CoAP POST /7/0/6) Start
    And (4) the Test Server executes /7/0/6
    # Step 5: the client notifies while it collects
    And (5) the Test Server watches the notifications for 2 periods of the largest pmax
    # Step 6: Execute (CoAP POST /7/0/7) Stop, then the observation is cancelled (Observe=1)
    And (6) the Test Server executes /7/0/7
    And (6) the Test Server stops observing /7/0 (Observe=1)
    Then (A) the client answers the request of step 1 "2.04 Changed"
    And (B) the client answers the request of step 2 "2.04 Changed"
    And (C) the Observe of /7/0 is answered "2.05 Content" with values the object definition admits
    And (D) the client answers the request of step 4 "2.04 Changed"
    And (E) the notifications of /7/0 come as its attributes require, each with values the object definition admits
    And (F) the client answers the request of step 6 "2.04 Changed"
