/**
 * BinaryAppDataContainer (/19), ETS configuration C.15: two instances of application data,
 * each Data (/19/x/0) a list of opaque blobs the server may write and observe.
 */
import type { FaultName } from '../faults';
import type { ObjectStore } from '../store';
import { refuseInstanceRead, refuseOrIgnoreWrite, type ObjectBehaviour } from './behaviour';

export function populateBinaryAppDataContainer(store: ObjectStore, faults: ReadonlySet<FaultName>): ObjectBehaviour {
  store.put(19, 0, { 0: [Buffer.from('sensor frame 1')], 3: 'telemetry', 4: 'raw' });
  store.put(19, 1, { 0: [Buffer.from('app settings')], 3: 'configuration', 4: 'raw' });
  return { beforeRead: (path) => refuseInstanceRead(path, faults), write: (path) => refuseOrIgnoreWrite(path, faults) };
}
