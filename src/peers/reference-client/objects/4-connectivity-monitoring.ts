/**
 * Connectivity Monitoring (/4), ETS configuration C.5: every resource of the object, with values
 * a device on an LTE network would report. Faults break one value at a time (faults/objects.ts).
 */
import type { FaultName } from '../faults';
import type { ObjectStore } from '../store';
import { refuseInstanceRead, type ObjectBehaviour } from './behaviour';

export function populateConnectivityMonitoring(store: ObjectStore, faults: ReadonlySet<FaultName>): ObjectBehaviour {
  store.put(4, 0, {
    0: faults.has('network-bearer-out-of-range') ? 51n : 6n, // LTE-FDD (0..50 defined)
    1: [6n, 21n], // LTE-FDD, WLAN
    2: -93n, // dBm
    3: 40n,
    4: faults.has('bad-ip-address') ? ['127.0.0.256'] : ['127.0.0.1'],
    5: ['192.168.0.1'],
    6: 12n,
    7: ['internet'],
    8: 69696969n,
    9: 33n,
    10: 208n,
    11: 9n,
    12: 1234n,
    13: 0n,
  });
  return { beforeRead: (path) => refuseInstanceRead(path, faults) };
}
