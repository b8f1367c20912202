/**
 * Event Log (/20), ETS configuration C.16: one log of system events. LogStart (/20/0/4011)
 * clears LogData and starts logging, LogStop (/20/0/4012) stops it; LogStatus (/20/0/4013) shows
 * bit 0 while logging. Both are Execute-only: a Write or Read of them is refused by the store.
 */
import type { FaultName } from '../faults';
import type { ObjectStore } from '../store';
import { refuseInstanceRead, type ObjectBehaviour } from './behaviour';

export function populateEventLog(store: ObjectStore, faults: ReadonlySet<FaultName>): ObjectBehaviour {
  const base = { 4010: 0n, 4013: 0n, 4015: 0n };
  store.put(20, 0, faults.has('omit-log-data') ? base : { ...base, 4014: Buffer.from('boot ok') });
  return {
    beforeRead: (path) => refuseInstanceRead(path, faults),
    execute(path) {
      if (path.resourceId === 4011) {
        if (faults.has('reject-log-start')) return { code: '4.05' };
        if (!faults.has('omit-log-data')) store.update(20, 0, 4014, Buffer.alloc(0));
        store.update(20, 0, 4013, 1n);
      } else if (path.resourceId === 4012) store.update(20, 0, 4013, 0n);
      return undefined;
    },
  };
}
