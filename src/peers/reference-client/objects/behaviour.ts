/**
 * What an object does beyond holding values: refreshing values that change before a Read,
 * taking a Write itself, acting on an Execute. An object module (4-…ts, 5-…ts) returns one
 * from its populate function; the reference client's device management asks it first.
 */
import type { HandlerResult } from '../../../coap/endpoint';
import type { ResourceRecord } from '../../../lwm2m/content';
import type { LwM2MPath } from '../../../lwm2m/path';
import type { FaultName } from '../faults';
import { StoreError } from '../store';

export interface ObjectBehaviour {
  /** Before a Read under the object: e.g. a timestamp or counters brought up to date. */
  beforeRead?(path: LwM2MPath): void;
  /** A Write under the object; undefined lets the object store take it as usual. */
  write?(path: LwM2MPath, records: ResourceRecord[], mode: 'replace' | 'partial'): HandlerResult | undefined;
  /** An Execute of a resource of the object; undefined answers 2.04 with nothing done. */
  execute?(path: LwM2MPath, args: string): HandlerResult | undefined;
}

/** The behaviours of the client's objects, by object ID. */
export class ObjectBehaviours {
  private readonly byObject = new Map<number, ObjectBehaviour>();

  add(objectId: number, behaviour: ObjectBehaviour | void): void {
    if (behaviour) this.byObject.set(objectId, behaviour);
  }

  of(objectId: number | undefined): ObjectBehaviour | undefined {
    return objectId === undefined ? undefined : this.byObject.get(objectId);
  }
}

/** Fault refuse-object-reads: a Read of an instance of the core objects /4 to /7 is answered 4.05. */
export function refuseInstanceRead(path: LwM2MPath, faults: ReadonlySet<FaultName>): void {
  if (path.depth === 2 && faults.has('refuse-object-reads')) throw new StoreError('4.05', 'reads refused (fault refuse-object-reads)');
}

/** Objects whose Observe the fault refuse-object-observe refuses (the object cases observe them). */
const OBSERVED_OBJECTS = [4, 5, 6, 7, 10, 19];

/** Faults reject-object-writes (4.05) and ignore-object-writes (2.04, nothing kept) on /10, /11 and /19. */
export function refuseOrIgnoreWrite(_path: LwM2MPath, faults: ReadonlySet<FaultName>): HandlerResult | undefined {
  if (faults.has('reject-object-writes')) return { code: '4.05' };
  if (faults.has('ignore-object-writes')) return { code: '2.04' };
  return undefined;
}

/** Fault refuse-object-observe: an Observe under one of those objects is answered 4.05. */
export function refusesObserve(path: LwM2MPath, faults: ReadonlySet<FaultName>): boolean {
  return faults.has('refuse-object-observe') && OBSERVED_OBJECTS.includes(path.objectId ?? -1);
}
