/**
 * Fault switches of the reference server, in the fault registry's shape (../faults.ts): each
 * makes the server break exactly one rule of the LwM2M specification, and names the server-side
 * cases (features/server/) and criteria that must then FAIL. test/e2e/server.test.ts is
 * generated from these entries.
 */
import { defineFaults, on } from '../faults';
import { FIRMWARE_SERVER_FAULTS } from './firmware-faults';
import { TCP_PROFILE, TCP_SERVER_FAULTS, TLS_PSK_PROFILE, TLS_X509_PROFILE } from './tcp';
import { OSCORE_SERVER_FAULTS } from './oscore';

const PROFILE = 'reference-server.yaml';
const PSK_PROFILE = 'reference-server-psk.yaml';
const X509_PROFILE = 'reference-server-x509.yaml';
const RPK_PROFILE = 'reference-server-rpk.yaml';
const PROFILE_12 = 'reference-server-1.2.yaml';
/** An effect on one of the harness's own robustness cases (features/server/LwM2M-Robustness-1.1-srv-N). */
const robustness = (n: number, criterion: string, diagnosis: RegExp, profile = PROFILE) => ({
  case: `LwM2M-Robustness-1.1-srv-${n}`,
  criterion,
  diagnosis,
  profile,
});
const srv = (n: number, criterion: string, diagnosis: RegExp) => on(n, criterion, diagnosis, PROFILE);
/** The same case over CoAP over TCP (the Observe cases judge the notification differently there). */
const srvTcp = (n: number, criterion: string, diagnosis: RegExp) => on(n, criterion, diagnosis, TCP_PROFILE);
/** An effect on a LwM2M 1.2 case (1.2-int-N), run with the 1.2 profile (its Test Client registers with lwm2m=1.2). */
const srv12 = (n: number, criterion: string, diagnosis: RegExp) => ({
  ...on(n, criterion, diagnosis, PROFILE_12),
  case: `LightweightM2M-1.2-int-${n}`,
});

export const SERVER_FAULT_REGISTRY = defineFaults({
  ...TCP_SERVER_FAULTS,
  'register-without-location': {
    description: 'answer a Register with 2.01 Created but no Location-Path',
    breaks: [srv(101, 'B', /no Location-Path/)],
  },
  'register-answered-changed': {
    description: 'answer a Register with 2.04 Changed instead of 2.01 Created',
    breaks: [srv(101, 'B', /2\.01 Created to the Register.*2\.04 Changed/)],
  },
  'location-in-one-option': {
    description: 'put the whole registration location ("rd/5a3f") into one Location-Path option',
    breaks: [srv(101, 'B', /one option per segment.*"rd\//)],
  },
  'refuse-register-after-expiry': {
    description: 'refuse (4.03) a Register from an endpoint whose registration expired',
    breaks: [srv(105, 'B', /2\.01 Created to the Register.*4\.03 Forbidden/)],
  },
  'endpoint-name-lost': {
    description: 'lose the endpoint name of a registration, so that the client cannot be addressed by it',
    breaks: [srv(101, 'A', /read.*HTTP 404/)],
  },
  'update-answered-created': {
    description: 'answer an Update with 2.01 Created instead of 2.04 Changed',
    breaks: [
      srv(102, 'C', /2\.04 Changed.*2\.01 Created/),
      srv(104, 'D', /2\.04 Changed.*2\.01 Created/),
      srv(107, 'C', /2\.04 Changed.*2\.01 Created/),
      srv(226, 'C', /2\.04 Changed.*2\.01 Created/),
      srv(227, 'C', /2\.04 Changed.*2\.01 Created/),
    ],
  },
  'never-expire': {
    description: 'keep a registration forever, although its lifetime passed without an Update',
    breaks: [srv(102, 'D', /4\.04 Not Found.*2\.04 Changed/), srv(105, 'A', /4\.04 Not Found.*2\.04 Changed/)],
  },
  'deregister-answered-changed': {
    description: 'answer a De-register with 2.04 Changed instead of 2.02 Deleted',
    breaks: [srv(103, 'B', /2\.02 Deleted.*2\.04 Changed/)],
  },
  'deregister-keeps-registration': {
    description: 'answer a De-register with 2.02 Deleted but keep the registration',
    breaks: [srv(103, 'C', /registration removed.*2\.04 Changed/)],
  },
  'update-lifetime-ignored': {
    description: 'ignore the lifetime (lt) an Update announces and keep the old one',
    breaks: [srv(107, 'D', /still held after its old lifetime.*4\.04 Not Found/)],
  },
  'update-does-not-renew': {
    description: 'remove a registration when its first lifetime ends, although an Update renewed it',
    breaks: [srv(104, 'E', /2\.04 Changed to an Update after the first lifetime.*4\.04 Not Found/)],
  },
  'unknown-update-answered-changed': {
    description: 'answer an Update for a registration the server does not hold with 2.04 instead of 4.04',
    breaks: [
      srv(102, 'D', /4\.04 Not Found.*2\.04 Changed/),
      srv(103, 'C', /4\.04 Not Found.*2\.04 Changed/),
      srv(105, 'A', /4\.04 Not Found.*2\.04 Changed/),
    ],
  },
  'read-without-accept': {
    description: 'send a Read without the Accept option for the format the action asked for',
    breaks: [
      srv(201, 'A', /carried no Accept option/),
      srv(203, 'A', /Accept 11542.*no Accept/),
      srv(204, 'A', /Accept 11543.*no Accept/),
      srv(211, 'A', /Accept 60.*no Accept/),
      srv(222, 'A', /Read of \/1 with Accept 11542.*no Accept/),
      srv(223, 'A', /Read of \/1\/0 with Accept 11542.*no Accept/),
      srv(224, 'A', /Read of \/1\/0\/0 with Accept 11542.*no Accept/),
      srv(225, 'A', /Read of \/3\/0\/11\/0 with Accept 11542.*no Accept/),
      srv(226, 'D', /Accept 11542.*no Accept/),
      srv(227, 'D', /Accept 0.*no Accept/),
      srv(228, 'C', /Read of \/16\/0\/0\/1 with Accept 0.*no Accept/),
      srv(231, 'A', /Accept 110.*no Accept/),
      srv(232, 'A', /Accept 112.*no Accept/),
      srv(256, 'C', /Accept 0.*no Accept/),
    ],
  },
  'read-always-accepts-tlv': {
    description: 'send a Read asked for in no particular format with Accept 11542 (TLV), leaving the client no choice',
    breaks: [srv(237, 'A', /without an Accept option.*Accept 11542/), srv(212, 'C', /without an Accept option.*Accept 11542/)],
  },
  'read-misdecodes-strings': {
    description: 'drop the last character of every string value a client returns (an off-by-one decoder)',
    breaks: [
      srv(201, 'B', /"Open Mobile Alliance".*"Open Mobile Allianc"/),
      srv(203, 'B', /reported as the Test Client sent it/),
      srv(204, 'B', /reported as the Test Client sent it/),
      srv(237, 'B', /reported as the Test Client sent it/),
      srv(280, 'B', /\/3\/0\/16 reported as the Test Client sent it: "U".*""/),
      srv(211, 'B', /\/1\/0\/7 reported as the Test Client sent it: "U".*""/),
      srv(212, 'D', /\/1\/0\/7 reported as the Test Client sent it: "U".*""/),
      srv(222, 'B', /\/1\/0\/7 reported as the Test Client sent it: "U".*""/),
      srv(223, 'B', /\/1\/0\/7 reported as the Test Client sent it: "U".*""/),
      srv(224, 'B', /\/1\/0\/7 reported as the Test Client sent it: "U".*""/),
      srv(226, 'E', /\/1\/0\/7 reported as the Test Client sent it: "U".*""/),
      srv(228, 'D', /\/16\/0\/0\/1 reported as the Test Client sent it: "test".*"tes"/),
      srv(231, 'B', /\/1\/0\/7 reported as the Test Client sent it: "U".*""/),
      srv(232, 'B', /\/1\/0\/7 reported as the Test Client sent it: "U".*""/),
      srv(652, 'B', /\/3\/0\/3 reported as the Test Client sent it/),
    ],
  },
  'read-as-observe': {
    description: 'send a Read with Observe=0, so that the client takes it for an Observe and keeps notifying',
    breaks: [srv(652, 'A', /Read of \/3\/0\/3 as a plain Read.*taken for observe/)],
  },
  'read-misdecodes-integers': {
    description: 'add one to every integer value a client returns (an off-by-one decoder)',
    breaks: [
      srv(225, 'B', /\/3\/0\/11\/0 reported as the Test Client sent it: 0.*reports 1/),
      srv(227, 'E', /\/1\/0\/1 reported as the Test Client sent it: 63.*reports 64/),
      srv(256, 'D', /\/1\/0\/0 reported as the Test Client sent it: 1.*reports 2/),
    ],
  },
  'read-keeps-last-resource-instance': {
    description: 'keep only the last instance of each multiple resource a client returns (one value per resource)',
    breaks: [
      srv(222, 'B', /value of \/3\/0\/6\/0 .*missing/),
      srv(223, 'B', /value of \/3\/0\/6\/0 .*missing/),
      srv(231, 'B', /value of \/3\/0\/6\/0 .*missing/),
      srv(232, 'B', /value of \/3\/0\/6\/0 .*missing/),
    ],
  },
  // ---- Device Management: the requests the server sends ----
  'write-replace-as-post': {
    description: 'send a Write (replace) as POST, which the client takes for a partial update',
    breaks: [
      srv(205, 'A', /PUT.*POST/),
      srv(215, 'C', /PUT.*POST/),
      srv(220, 'C', /PUT.*POST/),
      srv(107, 'A', /PUT.*POST/),
      srv(212, 'A', /PUT.*POST/),
      srv(227, 'A', /PUT.*POST/),
      srv(228, 'A', /PUT.*POST \/16\/0\/0\/1/),
      srv(256, 'A', /PUT.*POST \/1\/0\/0/),
    ],
  },
  'write-partial-as-put': {
    description: 'send a Write (partial update) as PUT, which replaces the whole instance',
    breaks: [
      srv(215, 'A', /POST.*PUT/),
      srv(220, 'A', /POST.*PUT/),
      srv(233, 'A', /POST.*PUT/),
      srv(234, 'A', /POST.*PUT/),
      srv(226, 'A', /POST.*PUT \/1\/0/),
    ],
  },
  'write-without-content-format': {
    description: 'send a Write without the Content-Format option of its payload',
    breaks: [srv(205, 'A', /Content-Format 0.*none/), srv(233, 'A', /Content-Format 112.*none/), srv(212, 'A', /Content-Format 60.*none/)],
  },
  'write-values-off-by-one': {
    description: 'encode every integer of a Write one higher than asked',
    breaks: [
      srv(205, 'B', /\/1\/0\/2 = 101.*102/),
      srv(215, 'B', /\/1\/0\/2 = 101.*102/),
      srv(220, 'B', /\/1\/0\/2 = 101.*102/),
      srv(233, 'B', /\/1\/0\/1 = 61.*62/),
      srv(234, 'B', /\/1\/0\/1 = 61.*62/),
      srv(230, 'B', /\/1\/0\/1 = 61.*62/),
      srv(107, 'B', /\/1\/0\/1 = 120.*121/),
      srv(257, 'B', /\/1\/0\/2 = 101.*102/),
      srv(212, 'B', /\/1\/0\/2 = 101.*102/),
      srv(226, 'B', /\/1\/0\/1 = 61.*62/),
      srv(227, 'B', /\/1\/0\/1 = 63.*64/),
    ],
  },
  'write-misencodes-strings': {
    description: 'drop the last character of every string value a Write carries (an off-by-one encoder)',
    breaks: [srv(228, 'B', /\/16\/0\/0\/1 = "test" in the payload.*"tes"/)],
  },
  'write-failure-reported-as-success': {
    description: 'report a Write the client refused (an error code) as done (2.04 Changed)',
    breaks: [srv(256, 'B', /failure.*4\.05 Method Not Allowed.*2\.04/)],
  },
  'write-replace-omits-lifetime': {
    description: 'leave the Lifetime (/1/0/1) out of a Write (replace) of a Server object instance',
    breaks: [srv(215, 'D', /\/1\/0\/1 = 30 in the payload.*holds no \/1\/0\/1/), srv(220, 'D', /\/1\/0\/1 = 30 in the payload.*holds no/)],
  },
  'refuse-duplicate-register': {
    description: 'refuse (4.03) a Register from an endpoint that holds a registration, instead of replacing it',
    breaks: [srv(241, 'B', /2\.01 Created to the Register.*4\.03 Forbidden/)],
  },
  'execute-as-put': {
    description: 'send an Execute as PUT instead of POST',
    breaks: [srv(241, 'A', /POST.*PUT/), srv(103, 'A', /POST.*PUT/), srv(104, 'A', /POST.*PUT/)],
  },
  'create-as-put': {
    description: 'send a Create as PUT on the object instead of POST',
    breaks: [srv(1630, 'A', /POST.*PUT/)],
  },
  'create-location-as-instance-0': {
    description: 'report every created instance as instance 0, whatever Location-Path the client answered',
    breaks: [srv(1630, 'B', /\/16\/1.*\/16\/0/)],
  },
  'delete-object-path': {
    description: 'send a Delete of an object instance to the object (DELETE /16 instead of /16/1)',
    breaks: [srv(1635, 'A', /DELETE on \/16\/1.*\/16\b/)],
  },
  'discover-without-accept': {
    description: 'send a Discover without Accept 40 (application/link-format), so the client takes it for a Read',
    breaks: [srv(260, 'B', /Accept 40.*carried none/), srv(261, 'B', /Accept 40.*carried none/)],
  },
  'discover-drops-attributes': {
    description: 'report the links a Discover returned without their attributes',
    breaks: [
      srv(260, 'C', /links the Test Client answered.*pmin=10/),
      srv(261, 'C', /links the Test Client answered.*pmax=/),
      srv12(264, 'C', /links the Test Client answered.*pmax=200/),
    ],
  },
  'discover-without-depth': {
    description: 'send a LwM2M 1.2 Discover without the depth asked for (no ?depth=N query)',
    breaks: [srv12(264, 'A', /depth=1.*no Uri-Query option/), srv12(266, 'A', /depth=2.*no Uri-Query option/)],
  },
  'discover-depth-capped-at-2': {
    description: 'send a Discover asked for depth 3 with depth=2 (a server that knows no resource-instance level)',
    breaks: [srv12(266, 'C', /depth=3.*depth=2/)],
  },
  'write-attributes-as-post': {
    description: 'send a Write-Attributes as POST instead of PUT',
    breaks: [srv(310, 'B', /PUT.*POST/), srvTcp(310, 'B', /PUT.*POST/), srv12(264, 'B', /PUT.*POST/)],
  },
  'write-attributes-one-query-option': {
    description: 'put all the attributes of a Write-Attributes in one Uri-Query option ("pmin=10&pmax=200")',
    breaks: [
      srv(260, 'A', /one Uri-Query option per attribute.*pmin=10&pmax=200/),
      srv(261, 'A', /one Uri-Query option per attribute/),
      srv12(266, 'B', /one Uri-Query option per attribute/),
      srv12(313, 'A', /one Uri-Query option per attribute.*pmin=5&pmax=60/),
    ],
  },
  // ---- Information Reporting ----
  'observe-without-observe-option': {
    description: 'send an Observe as a plain Read (no Observe option)',
    breaks: [
      srv(301, 'A', /Observe=0.*no Observe option/),
      srvTcp(301, 'A', /Observe=0.*no Observe option/),
      srv(303, 'A', /Observe=0.*no Observe option/),
    ],
  },
  'notifications-unacknowledged': {
    description: 'neither ACK nor RST a confirmable notification',
    breaks: [
      srv(301, 'B', /ACK.*no answer/),
      srv(304, 'B', /ACK.*no answer/),
      srv(310, 'C', /ACK.*no answer/),
      srv12(312, 'B', /ACK.*no answer/),
      srv12(313, 'C', /ACK.*no answer/),
    ],
  },
  'notifications-not-reported': {
    description: 'ACK notifications but keep their values from the API',
    breaks: [
      srv(301, 'C', /notified values of \/3\/0\/7.*404/),
      srv(304, 'C', /notified values of \/1\/0\/1.*404/),
      srvTcp(301, 'C', /notified values of \/3\/0\/7.*404/),
      srvTcp(304, 'C', /notified values of \/1\/0\/1.*404/),
      srv12(312, 'C', /notified values of \/3\/0\/7.*404/),
      srv12(313, 'D', /notified values of \/3\/0\/7.*404/),
    ],
  },
  'observe-without-attributes': {
    description: 'send a LwM2M 1.2 Observe without the notification attributes it was asked to carry as parameters',
    breaks: [srv12(312, 'A', /pmin=5.*carried \[\]/), srv12(313, 'B', /pmin=5.*carried \[\]/)],
  },
  'observe-uses-written-attributes': {
    description: 'send, as the parameters of an Observe, the attributes written to the path before instead of those asked for',
    breaks: [srv12(313, 'B', /pmax=10.*pmax=60/)],
  },
  'passive-cancel-keeps-acking': {
    description: 'forget an observation passively but go on ACKing its notifications instead of answering RST',
    breaks: [srv(302, 'A', /RST.*ACK/), srv(305, 'C', /RST.*ACK/)],
  },
  'cancel-with-new-token': {
    description: 'cancel an observation with Observe=1 and a new token instead of the observation’s',
    breaks: [srv(303, 'B', /token of the observation/), srv(305, 'B', /token of the observation/)],
  },
  // ---- Composite operations ----
  'composite-read-as-get': {
    description: 'send a Read-Composite as GET instead of FETCH',
    breaks: [srv(280, 'A', /FETCH.*GET/), srv(281, 'A', /FETCH.*GET/)],
  },
  'composite-read-without-accept': {
    description: 'send a Read-Composite without an Accept option',
    breaks: [srv(280, 'A', /Accept 110.*no Accept option/)],
  },
  'composite-read-drops-path': {
    description: 'leave the last path out of the path list of a Read- or Observe-Composite',
    breaks: [srv(280, 'A', /listing exactly.*leaves out \/1\/0/), srv(304, 'A', /leaves out \/3\/0\/16/)],
  },
  'composite-read-garbled-body': {
    description: 'cut the last bytes off the SenML path list of a Read- or Observe-Composite, so that it no longer decodes',
    breaks: [srv(280, 'A', /decodes as a path list in 110.*SenML JSON at offset/), srv(281, 'A', /decodes as a path list in 112/)],
  },
  'composite-partial-refused': {
    description: 'take a Read-Composite answer that leaves out a path for a failure (HTTP 502) instead of reporting what came back',
    breaks: [srv(281, 'B', /it left out \/1\/0\/8.*502/)],
  },
  'write-composite-as-post': {
    description: 'send a Write-Composite as POST instead of iPATCH',
    breaks: [srv(230, 'A', /iPATCH.*POST/), srv(257, 'A', /iPATCH.*POST/)],
  },
  'write-composite-garbled-body': {
    description: 'cut the last bytes off the SenML body of a Write-Composite, so that it no longer decodes',
    breaks: [srv(230, 'B', /decodes as records in 112/)],
  },
  'observe-composite-without-observe': {
    description: 'send an Observe-Composite as a plain Read-Composite (FETCH without the Observe option)',
    breaks: [
      srv(304, 'A', /Observe=0.*no Observe option/),
      srv(305, 'A', /Observe=0.*no Observe option/),
      srv(310, 'A', /Observe=0.*no Observe option/),
      srvTcp(304, 'A', /Observe=0.*no Observe option/),
      srvTcp(310, 'A', /Observe=0.*no Observe option/),
    ],
  },
  'cancel-composite-drops-path': {
    description: 'cancel an Observe-Composite with a FETCH (Observe=1) that lists one path fewer than the observation',
    breaks: [srv(305, 'B', /leaves out \/3\/0\/16/)],
  },
  'send-answered-created': {
    description: 'answer a Send (POST /dp) with 2.01 Created instead of 2.04 Changed',
    breaks: [srv(306, 'A', /2\.04 Changed.*2\.01 Created/), srv(311, 'A', /2\.04 Changed.*2\.01 Created/)],
  },
  'send-values-dropped': {
    description: 'answer a Send 2.04 but keep its values from the API',
    breaks: [srv(311, 'B', /values the Test Client sent.*404/)],
  },
  // ---- Security (DTLS; the first two over TLS too) ----
  'psk-wrong-key': {
    description: 'hold a pre-shared key for the client identity that differs from the provisioned one, so no PSK handshake completes',
    breaks: [
      on(401, 'A', /DTLS handshake.*(decrypt|MAC|Finished|alert)/i, PSK_PROFILE),
      on(406, 'B', /TLS handshake.*failed/i, TLS_PSK_PROFILE),
    ],
  },
  'x509-expired-certificate': {
    description: 'present a certificate (same CA) whose validity ended in 2021',
    breaks: [on(402, 'A', /DTLS handshake.*expired/i, X509_PROFILE), on(404, 'B', /TLS handshake.*expired/i, TLS_X509_PROFILE)],
  },
  'dtls-session-closed-after-register': {
    description: 'close the DTLS session (close_notify) right after answering the Register, so it cannot reach the client',
    breaks: [on(401, 'B', /read \/3\/0.*no DTLS session/, PSK_PROFILE), on(402, 'B', /read \/3\/0.*no DTLS session/, X509_PROFILE)],
  },
  'psk-any-identity': {
    description: 'give the provisioned pre-shared key to every PSK identity, known or not (DTLS and TLS)',
    breaks: [
      robustness(3, 'A', /completed the handshake.*lwm2m-conformance-unknown/, PSK_PROFILE),
      robustness(3, 'A', /completed the TLS handshake/, TLS_PSK_PROFILE),
    ],
  },
  'psk-any-key': {
    description: "answer a client Finished that does not authenticate (a wrong PSK) with the server's own Finished",
    breaks: [robustness(3, 'B', /ChangeCipherSpec and a Finished of its own/, PSK_PROFILE)],
  },
  'rpk-any-key': {
    description: 'accept any raw public key a client presents, not only the provisioned one',
    breaks: [robustness(4, 'A', /completed the handshake.*answered its Register 2\.01/, RPK_PROFILE)],
  },
  'dtls-lockout-after-refusal': {
    description: 'refuse every DTLS handshake (over TLS: every PSK identity), the provisioned client too, once one handshake failed',
    breaks: [
      robustness(3, 'C', /DTLS handshake failed.*alert/, PSK_PROFILE),
      robustness(3, 'C', /TLS handshake.*failed.*unknown psk identity/, TLS_PSK_PROFILE),
      robustness(4, 'B', /DTLS handshake failed.*alert/, RPK_PROFILE),
    ],
  },
  // ---- Robustness: a misbehaving client ----
  'register-without-ep-accepted': {
    description: 'register a client whose Register has no Endpoint Client Name (ep), under a made-up name',
    breaks: [robustness(1, 'A', /4\.00 Bad Request.*2\.01 Created/)],
  },
  'malformed-links-accepted': {
    description: 'register a client whose object list is not valid link format, as if it had sent none',
    breaks: [robustness(1, 'B', /4\.00 Bad Request.*2\.01 Created/)],
  },
  'refuse-after-bad-register': {
    description: 'refuse (4.00) every Register from an address once one of its Registers was refused',
    breaks: [robustness(1, 'C', /2\.01 Created to the Register.*4\.00 Bad Request/)],
  },
  'deaf-after-garbage': {
    description: 'stop answering anything once a datagram arrived that is not a readable CoAP message',
    breaks: [robustness(2, 'A', /response to the Update.*(no response|timed out|No response)/i)],
  },
  'update-flood-discards-registration': {
    description: 'discard a registration that sends more than 10 Updates within a second',
    breaks: [robustness(2, 'A', /2\.04 Changed.*4\.04 Not Found/)],
  },
  // ---- Queue mode ----
  'refuse-queue-mode': {
    description: 'refuse (4.00) a Register that asks for queue mode',
    breaks: [srv(108, 'A', /2\.01 Created to the Register.*4\.00 Bad Request/)],
  },
  'queue-mode-ignored': {
    description: 'send requests to a queue-mode client at once, although it sleeps',
    breaks: [srv(108, 'B', /nothing while the Test Client sleeps.*GET \/3\/0\/0/), srv(109, 'A', /nothing while the Test Client sleeps/)],
  },
  'queue-drops-requests': {
    description: 'drop a request made while a queue-mode client sleeps instead of sending it after its next Update',
    breaks: [srv(109, 'B', /after the Update/)],
  },
  ...FIRMWARE_SERVER_FAULTS,
  ...OSCORE_SERVER_FAULTS,
});

export type ServerFaultName = keyof typeof SERVER_FAULT_REGISTRY;

/** Name → one-line description with the cases it breaks (for --help). */
export const SERVER_FAULTS: Record<ServerFaultName, string> = Object.fromEntries(
  Object.entries(SERVER_FAULT_REGISTRY).map(([name, def]) => [
    name,
    `${def.description} (${def.breaks.map((b) => `${b.case.replace('LightweightM2M-', '')} ${b.criterion}`).join(', ')})`,
  ]),
) as Record<ServerFaultName, string>;

export function isServerFaultName(s: string): s is ServerFaultName {
  return Object.prototype.hasOwnProperty.call(SERVER_FAULT_REGISTRY, s);
}
