/**
 * Every fault switch of the reference client, by interface (one file each). Each makes the
 * client break exactly one rule of the LwM2M specification; see ../../faults.ts.
 */
import type { FaultDefinition } from '../../faults';
import { REGISTRATION_FAULTS } from './registration';
import { DEVICE_MANAGEMENT_FAULTS } from './device-management';
import { SECURITY_FAULTS } from './security';
import { COAP_FAULTS } from './coap';
import { BOOTSTRAP_FAULTS } from './bootstrap';
import { OBJECT_FAULTS } from './objects';
import { MORE_OBJECT_FAULTS } from './more-objects';
import { INFORMATION_REPORTING_FAULTS } from './information-reporting';
import { TCP_FAULTS } from './tcp';
import { OSCORE_FAULTS } from './oscore';

export const FAULT_REGISTRY = {
  ...REGISTRATION_FAULTS,
  ...DEVICE_MANAGEMENT_FAULTS,
  ...SECURITY_FAULTS,
  ...COAP_FAULTS,
  ...BOOTSTRAP_FAULTS,
  ...OBJECT_FAULTS,
  ...MORE_OBJECT_FAULTS,
  ...INFORMATION_REPORTING_FAULTS,
  ...TCP_FAULTS,
  ...OSCORE_FAULTS,
};

export type FaultName = keyof typeof FAULT_REGISTRY;

/** Name → one-line description (for --help). */
export const FAULTS: Record<FaultName, string> = Object.fromEntries(
  Object.entries(FAULT_REGISTRY).map(([name, def]) => [name, (def as FaultDefinition).description]),
) as Record<FaultName, string>;

export function isFaultName(s: string): s is FaultName {
  return Object.prototype.hasOwnProperty.call(FAULT_REGISTRY, s);
}
