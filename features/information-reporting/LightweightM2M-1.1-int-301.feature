@LightweightM2M-1.0-int-301 @LightweightM2M-1.1-int-301 @lwm2m-1.0 @dut-client @information-reporting
Feature: LightweightM2M-1.1-int-301 Observation and Notification of parameter values
  The Test Server sets pmin/pmax on Power Source Voltage and Current and observes both; the
  client notifies each within its attributes (ETS configuration C.4). The attribute seconds are
  the ETS's unless the profile's timers.attributeSeconds replaces them. Also judges int-660.

  Scenario: LightweightM2M-1.1-int-301 Observation and Notification of parameter values
    Given the client is switched on with the Test Server as its only LwM2M Server
    And the client has registered at the Test Server
    And the client holds ETS configuration C.4
    # Step 1: Read (CoAP GET /3/0/6) of Available Power Sources
    When (1) the Test Server reads /3/0/6, accepting Content-Format 112
    # Step 2: Write-Attributes (CoAP PUT with a query)
    And (2) the Test Server writes the attributes pmin=5&pmax=15 to /3/0/7
    And (2) the Test Server writes the attributes pmin=10&pmax=20 to /3/0/8
    # Step 3: Observe (CoAP GET with Observe=0) of both resources
    And (3) the Test Server observes /3/0/7, /3/0/8
    # Step 4: the client notifies
    And (4) the Test Server watches the notifications for 2 periods of the largest pmax
    Then (A) the Test Server receives the notifications of /3/0/7, /3/0/8 regularly, as their attributes and RFC 7641 require
