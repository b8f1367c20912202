/**
 * Operations of the core-object cases (/4, /6, /7; ETS int-7xx, 8xx, 9xx) on a client-DUT
 * session: reads decoded against the object definitions, Connectivity Statistics collections.
 * The judging rules are in checks/objects.ts.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { encodeContent, type ResourceRecord } from '../../lwm2m/content';
import { LwM2MPath } from '../../lwm2m/path';
import { checkReadResponse } from '../checks/content';
import type { Attributes } from '../checks/information-reporting';
import { DutFailure } from '../failures';
import type { Observation } from './information-reporting';
import type { ClientDutSession } from './session';

const TEXT = 0;
const TLV = 11542;

export interface DecodedRead {
  response: IncomingResponse;
  /** Problems of the answer itself (code, Content-Format, payload); empty when it decoded. */
  problems: string[];
  records: ResourceRecord[];
}

/** An Observe of an object's instance or resource: the observation, or why none was established. */
export type ObjectObservation = { observation: Observation; problem?: undefined } | { observation?: undefined; problem: string };

export class ObjectOperations {
  constructor(private readonly session: ClientDutSession) {}

  /** A Read in the client's own format, decoded strictly against the object definitions. */
  async read(path: string): Promise<DecodedRead> {
    const response = await this.session.dm.read(path);
    const outcome = checkReadResponse(response, path, undefined, this.session.registry);
    return { response, ...outcome };
  }

  /** Writes one integer resource in Plain Text, as the ETS procedures do. */
  async writeInteger(path: string, value: bigint): Promise<IncomingResponse> {
    const p = LwM2MPath.parse(path);
    return this.session.dm.write(path, encodeContent(TEXT, p, [{ path: p, type: 'integer', value }]), TEXT);
  }

  /** Writes one boolean resource in Plain Text ("0"/"1"), e.g. Enable status /11/x/3. */
  async writeBoolean(path: string, value: boolean): Promise<IncomingResponse> {
    const p = LwM2MPath.parse(path);
    return this.session.dm.write(path, encodeContent(TEXT, p, [{ path: p, type: 'boolean', value }]), TEXT);
  }

  /** Replaces a multiple-instance opaque resource (/19/x/0 Data) with `values`, in TLV as the ETS writes it. */
  async writeOpaqueList(path: string, values: Buffer[]): Promise<IncomingResponse> {
    const p = LwM2MPath.parse(path);
    const records = values.map((value, i) => ({
      path: LwM2MPath.of(p.objectId!, p.instanceId!, p.resourceId!, i),
      type: 'opaque' as const,
      value,
    }));
    return this.session.dm.write(path, encodeContent(TLV, p, records, this.session.registry), TLV);
  }

  /** Traffic during a statistics collection: a few Reads of the Device object ("a few seconds" of use). */
  async exchangeSomeTraffic(reads = 3): Promise<void> {
    for (let i = 0; i < reads; i++) await this.session.dm.read('/3/0');
  }

  // ---- observation of object resources (int-710, 760, 810, 910, 12xx, 1900) --------------------
  // Through the Information Reporting engine; the answers are kept for the lettered criteria
  // instead of ending the case at the procedure step.

  /** Write-Attributes with the ETS's attributes (time attributes as timers.attributeSeconds maps them). */
  async setAttributes(path: string, ets: Attributes): Promise<IncomingResponse> {
    const ir = this.session.reporting;
    const run = ir.runAttributes(ets);
    if (run.pmin !== undefined && run.pmax !== undefined && run.pmax < run.pmin)
      throw new Error(
        `timers.attributeSeconds maps the ETS's pmin=${ets.pmin}&pmax=${ets.pmax} to pmin=${run.pmin}&pmax=${run.pmax}: pmax below pmin; map ${ets.pmin} as well`,
      );
    return ir.writeAttributes(path, run);
  }

  /** Observe (GET, Observe=0) of `path`; a refusal or a 2.05 without Observe is returned as a problem. */
  async observe(path: string): Promise<ObjectObservation> {
    const ir = this.session.reporting;
    try {
      return { observation: await ir.observe(path, await ir.expectedAttributes([path], false)) };
    } catch (e) {
      if (e instanceof DutFailure) return { problem: e.actual };
      throw e;
    }
  }

  /** Waits until a message of `obs` satisfies `done`, or `timeoutMs` passes; true when one did. */
  async awaitNotification(obs: Observation, done: (records: ResourceRecord[]) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (obs.log.some((n) => n.records && done(n.records))) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const arrived = await obs.next(left, 'a notification').then(
        () => true,
        () => false,
      );
      if (!arrived) return obs.log.some((n) => n.records && done(n.records));
    }
  }
}
