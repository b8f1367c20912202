/**
 * Fault switches of the reference server, in the fault registry's shape (../faults.ts): each
 * makes the server break exactly one rule of the LwM2M specification, and names the server-side
 * cases (features/server/) and criteria that must then FAIL. test/e2e/server.test.ts is
 * generated from these entries.
 */
import { defineFaults, on } from '../faults';

const PROFILE = 'reference-server.yaml';
const srv = (n: number, criterion: string, diagnosis: RegExp) => on(n, criterion, diagnosis, PROFILE);

export const SERVER_FAULT_REGISTRY = defineFaults({
  'register-without-location': {
    description: 'answer a Register with 2.01 Created but no Location-Path',
    breaks: [srv(101, 'B', /no Location-Path/)],
  },
  'register-answered-changed': {
    description: 'answer a Register with 2.04 Changed instead of 2.01 Created',
    breaks: [srv(101, 'B', /2\.01 Created to the Register.*2\.04 Changed/)],
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
    breaks: [srv(102, 'C', /2\.04 Changed.*2\.01 Created/), srv(104, 'D', /2\.04 Changed.*2\.01 Created/)],
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
    breaks: [srv(201, 'A', /carried no Accept option/), srv(203, 'A', /Accept 11542.*no Accept/), srv(204, 'A', /Accept 11543.*no Accept/)],
  },
  'read-always-accepts-tlv': {
    description: 'send a Read asked for in no particular format with Accept 11542 (TLV), leaving the client no choice',
    breaks: [srv(237, 'A', /without an Accept option.*Accept 11542/)],
  },
  'read-misdecodes-strings': {
    description: 'drop the last character of every string value a client returns (an off-by-one decoder)',
    breaks: [
      srv(201, 'B', /"Open Mobile Alliance".*"Open Mobile Allianc"/),
      srv(203, 'B', /reported as the Test Client sent it/),
      srv(204, 'B', /reported as the Test Client sent it/),
      srv(237, 'B', /reported as the Test Client sent it/),
    ],
  },
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
