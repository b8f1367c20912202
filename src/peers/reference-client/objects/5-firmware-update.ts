/** Firmware Update (/5), ETS configuration C.8: the object on the engine of ../firmware.ts. */
import type { ObjectStore } from '../store';
import type { FaultName } from '../faults';
import { FirmwareUpdate, type FirmwareContext } from '../firmware';

export function populateFirmwareUpdate(
  store: ObjectStore,
  faults: ReadonlySet<FaultName>,
  ctx: Omit<FirmwareContext, 'store' | 'faults'>,
): FirmwareUpdate {
  return new FirmwareUpdate({ ...ctx, store, faults });
}
