/**
 * Location (/6), ETS configuration C.7: a fixed position whose Timestamp is the time of each Read
 * (the position is "measured" when asked for).
 */
import type { FaultName } from '../faults';
import type { ObjectStore } from '../store';
import { refuseInstanceRead, type ObjectBehaviour } from './behaviour';

export function populateLocation(store: ObjectStore, faults: ReadonlySet<FaultName>): ObjectBehaviour {
  const values = {
    0: faults.has('latitude-out-of-range') ? 98.1 : 48.8566,
    1: 2.3522,
    2: 35.0,
    3: 10.0,
    6: 0.0,
  };
  // Fault future-location-timestamp: a measurement an hour from now.
  const ahead = faults.has('future-location-timestamp') ? 3600 : 0;
  const now = () => BigInt(Math.floor(Date.now() / 1000) + ahead);
  const fill = () => store.put(6, 0, faults.has('omit-location-timestamp') ? values : { ...values, 5: now() });
  fill();
  return {
    beforeRead(path) {
      refuseInstanceRead(path, faults);
      fill();
    },
  };
}
