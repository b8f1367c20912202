/**
 * Fault switches of the reference server. Each one makes the server break exactly one rule of
 * the LwM2M specification, named by the test case and pass criterion whose check must then
 * FAIL; the project's own tests prove every server-side check can fail with them. (Same shape
 * as the fault registry the reference client's faults move to.)
 */
export interface FaultEntry {
  /** The ETS case whose check this fault breaks, e.g. "LightweightM2M-1.1-int-101". */
  case: string;
  /** The pass criterion letter(s) that must FAIL. */
  criterion: string;
  description: string;
}

const id = (n: number) => `LightweightM2M-1.1-int-${n}`;

export const SERVER_FAULTS = {
  'register-without-location': {
    case: id(101),
    criterion: 'B',
    description: 'answer a Register with 2.01 Created but no Location-Path',
  },
  'register-answered-changed': {
    case: id(101),
    criterion: 'B',
    description: 'answer a Register with 2.04 Changed instead of 2.01 Created',
  },
  'update-answered-created': {
    case: id(102),
    criterion: 'C',
    description: 'answer an Update with 2.01 Created instead of 2.04 Changed',
  },
  'never-expire': {
    case: id(102),
    criterion: 'D',
    description: 'keep a registration forever, although its lifetime passed without an Update',
  },
  'deregister-answered-changed': {
    case: id(103),
    criterion: 'B',
    description: 'answer a De-register with 2.04 Changed instead of 2.02 Deleted',
  },
  'deregister-keeps-registration': {
    case: id(103),
    criterion: 'C',
    description: 'answer a De-register with 2.02 Deleted but keep the registration',
  },
  'update-does-not-renew': {
    case: id(104),
    criterion: 'E',
    description: 'remove a registration when its first lifetime ends, although Updates renewed it',
  },
  'unknown-update-answered-changed': {
    case: id(105),
    criterion: 'A',
    description: 'answer an Update for a registration the server does not hold with 2.04 instead of 4.04',
  },
  'read-without-accept': {
    case: id(201),
    criterion: 'A',
    description: 'send a Read without the Accept option for the format the action asked for',
  },
  'read-misdecodes-strings': {
    case: id(201),
    criterion: 'B',
    description: 'drop the last character of every string value a client returns (an off-by-one decoder)',
  },
} as const satisfies Record<string, FaultEntry>;

export type ServerFaultName = keyof typeof SERVER_FAULTS;

export function isServerFaultName(s: string): s is ServerFaultName {
  return Object.prototype.hasOwnProperty.call(SERVER_FAULTS, s);
}
