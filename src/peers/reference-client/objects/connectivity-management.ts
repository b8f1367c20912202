/**
 * Connectivity management (ETS configurations C.10, C.11): Cellular Connectivity (/10, object
 * version 1.1) with power saving (PSM, eDRX) values of an NB-IoT module, and one APN Connection
 * Profile (/11/0) in use. Activated Profile Names (/10/0/11) lists every /11 instance whose
 * Enable status (/11/x/3) is true, read afresh each time (the fault apn-list-not-updated keeps
 * the list of the start). A created /11 instance is one more profile the device may activate.
 */
import type { Objlnk } from '../../../lwm2m/values';
import type { FaultName } from '../faults';
import type { ObjectStore } from '../store';
import { refuseInstanceRead, refuseOrIgnoreWrite, type ObjectBehaviour } from './behaviour';

export function populateCellularConnectivity(store: ObjectStore, faults: ReadonlySet<FaultName>): ObjectBehaviour {
  store.put(11, 0, { 0: 'internet', 1: 'internet.example', 3: true, 4: 3n }); // no authentication
  const activated = (): Objlnk[] =>
    store.instanceIds(11).flatMap((iid) => (store.get(11, iid, 3) === true ? [{ objectId: 11, instanceId: iid }] : []));
  const values: Record<number, bigint | Buffer> = {
    4: 3600n, // PSM Timer (s)
    5: 60n, // Active Timer (s)
    8: Buffer.from([0x52]),
    9: Buffer.from([0x52]),
    12: 3n, // PSM and eDRX supported
    13: faults.has('active-psm-out-of-range') ? 256n : 1n, // PSM active
    14: 1n, // RAI not used
  };
  const omit = faults.has('omit-activated-profile-names');
  if (faults.has('omit-edrx-parameters')) for (const rid of [8, 9] as const) delete values[rid];
  store.put(10, 0, omit ? values : { ...values, 11: activated() });
  return {
    beforeRead(path) {
      refuseInstanceRead(path, faults);
      if (!omit && !faults.has('apn-list-not-updated')) store.update(10, 0, 11, activated());
    },
    write: (path) => refuseOrIgnoreWrite(path, faults),
  };
}

/** APN Connection Profile (/11): held by the store; only the write faults act on it. */
export function apnProfileBehaviour(faults: ReadonlySet<FaultName>): ObjectBehaviour {
  return { write: (path) => refuseOrIgnoreWrite(path, faults) };
}
