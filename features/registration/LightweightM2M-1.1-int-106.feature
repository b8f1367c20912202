@LightweightM2M-1.1-int-106 @lwm2m-1.1 @dut-client @registration @requires-transport-tcp
Feature: LightweightM2M-1.1-int-106 TCP Binding
  The client reaches the Test Server over CoAP over TCP (RFC 8323): both sides open the
  connection with a CSM, then the client registers with binding T and its object list.

  Scenario: LightweightM2M-1.1-int-106 TCP Binding
    Given the client is switched on with the Test Server, listening on CoAP over TCP, as its only LwM2M Server
    # Step 1: TCP connection, CSM in both directions, then POST /rd?ep=...&lt=...&lwm2m=...&b=T
    When (1) the client sends a Register request to the Test Server
    Then (A) the client opens the connection with its CSM and takes the Test Server's CSM
    And (B) the Register request carries the endpoint name, lifetime, LwM2M version, binding T and object list as the specification requires
    And (C) the client receives "2.01 Created" with the location of its registration, and takes it
