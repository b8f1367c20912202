/**
 * The reference client's Portfolio object (/16) as ETS configuration C.12 sets it: one instance
 * whose Identity resource (/16/0/0) holds four values about the host device.
 */
import type { ObjectStore } from '../store';

export const PORTFOLIO_IDENTITY = [
  'Host Device ID #1',
  'Host Device Manufacturer #1',
  'Host Device Model #1',
  'Host Device Software Version #1',
];

export function populatePortfolio(store: ObjectStore): void {
  store.put(16, 0, { 0: PORTFOLIO_IDENTITY });
}
