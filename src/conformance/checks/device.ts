/** The Device object (/3) resources the ETS cases read, with the profile field that declares each. */
import type { DeclaredDevice } from '../dut-profile';
import type { IncomingResponse } from '../../coap/endpoint';
import type { ObjectRegistry } from '../../lwm2m/model';
import type { ResourceRecord, ResourceValue } from '../../lwm2m/content';
import { showValue } from '../../peers/payload-view';
import { checkReadResponse, checkValues } from './content';
import { checkRecordsHold, type Expected } from './values';

export interface DeviceResource {
  path: string;
  name: string;
  /** The declared value, when the DUT profile gives one. */
  declared: (d: DeclaredDevice) => string | undefined;
}

export const DEVICE_RESOURCES: DeviceResource[] = [
  { path: '/3/0/0', name: 'Manufacturer', declared: (d) => d.manufacturer },
  { path: '/3/0/1', name: 'Model Number', declared: (d) => d.modelNumber },
  { path: '/3/0/2', name: 'Serial Number', declared: (d) => d.serialNumber },
  { path: '/3/0/3', name: 'Firmware Version', declared: (d) => d.firmwareVersion },
  { path: '/3/0/11', name: 'Error Code', declared: () => undefined },
  { path: '/3/0/16', name: 'Supported Binding and Modes', declared: (d) => d.supportedBindings },
];

/**
 * Each Read answered 2.05 in the format asked for, holding the named Device resources with the
 * values the DUT declares (ETS int-201, 203, 204).
 */
export function checkReadsOfDevice(
  reads: [string, IncomingResponse][],
  format: number,
  names: string[],
  declared: DeclaredDevice,
  registry: ObjectRegistry,
): string[] {
  const wanted = names.map((n) => {
    const r = DEVICE_RESOURCES.find((d) => d.name === n);
    if (!r) throw new Error(`unknown Device resource name "${n}" in the feature file`);
    return r;
  });
  const problems: string[] = [];
  for (const [path, res] of reads) {
    const outcome = checkReadResponse(res, path, format, registry);
    problems.push(...outcome.problems);
    if (outcome.problems.length > 0) continue;
    const here = wanted.filter((w) => w.path === path || w.path.startsWith(path + '/'));
    problems.push(
      ...checkValues(
        outcome.records,
        here.map((w) => ({ path: w.path, name: w.name, value: w.declared(declared) })),
      ),
    );
  }
  return problems;
}

/**
 * What a Read must show after a write, as checkRecordsHold, except for Current Time (/3/0/13):
 * it is a clock, so read back it may have run on from the value written by at most the time
 * since the write (`elapsedMs`), plus 1 s for the one-second resolution of a Time value.
 */
export function checkRecordsHoldWithClock(records: ResourceRecord[], expected: Expected[], source: string, elapsedMs: number): string[] {
  const isClock = (e: Expected) => String(e.path) === CURRENT_TIME && e.value !== undefined;
  const problems = checkRecordsHold(
    records,
    expected.filter((e) => !isClock(e)),
    source,
  );
  for (const e of expected.filter(isClock)) {
    const found = records.find((r) => r.path.equals(e.path));
    const from = wholeSeconds(e.value!)!;
    const to = from + BigInt(Math.ceil(Math.max(0, elapsedMs) / 1000)) + 1n;
    if (!found) {
      problems.push(`${e.path} is missing (${showValue(e.value!)} ${source})`);
      continue;
    }
    const now = wholeSeconds(found.value);
    if (now === undefined || now < from || now > to)
      problems.push(
        `${e.path} (Current Time) is ${showValue(found.value)}, but ${from} ${source} and the clock can have run on to ${to} at most`,
      );
  }
  return problems;
}

const CURRENT_TIME = '/3/0/13';

function wholeSeconds(v: ResourceValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.floor(v));
  return undefined;
}
