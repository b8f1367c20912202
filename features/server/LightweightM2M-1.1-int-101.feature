@LightweightM2M-1.1-int-101 @lwm2m-1.1 @dut-server @registration @action-read
Feature: LightweightM2M-1.1-int-101 Initial Registration (server side)
  The Test Client registers with the server under test, which must create the registration,
  name it in a Location-Path, and then know the client by its endpoint name.

  Scenario: LightweightM2M-1.1-int-101 Initial Registration (server side)
    Given the server under test is running
    # Step 1: CoAP POST /rd?ep=…&lt=…&lwm2m=1.1&b=U with the object list (link format)
    When (1) the Test Client sends a Register request with its endpoint name, lifetime, LwM2M version, binding and object list
    Then (B) the server answers "2.01 Created" with a Location-Path naming the registration
    # The server received the endpoint name and the objects: it can act on the client by name.
    And (A) asked to read /3/0/0 of the Test Client by its endpoint name, the server sends the Read to the Test Client
