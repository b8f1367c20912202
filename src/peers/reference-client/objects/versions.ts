/**
 * The object versions the reference client announces (in Register and in a Discover of the
 * object) where they are not 1.0: those of the object definitions it implements. The fault
 * misstate-object-versions drops the 1.1 of /10 and claims 1.1 for /19 (a 1.0 object).
 */
import type { FaultName } from '../faults';

const IMPLEMENTED: Record<number, string> = { 10: '1.1', 11: '1.1', 13: '1.1', 20: '2.1' };

export function announcedVersion(objectId: number, faults: ReadonlySet<FaultName>): string | undefined {
  if (faults.has('misstate-object-versions')) return objectId === 19 ? '1.1' : objectId === 10 ? undefined : IMPLEMENTED[objectId];
  return IMPLEMENTED[objectId];
}
