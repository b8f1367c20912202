/**
 * The reference server's composite operations (LwM2M 1.1): Read-Composite (§6.3.8, FETCH on
 * the root with a SenML path list, Content-Format and Accept 110 or 112), Write-Composite
 * (§6.3.7, iPATCH with SenML records) and Observe-Composite (§6.4.4, FETCH with Observe=0;
 * cancelled by a FETCH with Observe=1, the observation's token and the same path list, or
 * passively by forgetting it so that the next notification is answered RST). A client may leave
 * out paths it does not have: the answer is reported with what came back.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { Method, contentFormat } from '../../coap/message';
import { ContentFormat, decodeComposite, encodeComposite, encodePathList, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { LwM2MPath } from '../../lwm2m/path';
import { recordsToJson } from './json-values';
import { formatNumber, OperationError, parsePath, type OperationResult, type ReferenceServer, type ServerObservation } from './server';

const SENML = new Set<number>([ContentFormat.SENML_JSON, ContentFormat.SENML_CBOR]);

export class CompositeOperations {
  constructor(private readonly s: ReferenceServer) {}

  async read(endpointName: string, paths: string[], format?: string | number): Promise<OperationResult> {
    const parsed = pathList(paths);
    const res = await this.s.ask(endpointName, this.fetch(parsed, senmlFormat(format)));
    return this.reported(parsed, res);
  }

  /** `values`: { "/1/0/1": 61, "/16/0/0": { "0": "aa" }, ... } as for a Write of each path. */
  async write(endpointName: string, values: Record<string, unknown>, format?: string | number): Promise<OperationResult> {
    const cf = senmlFormat(format);
    const records = Object.entries(values)
      .flatMap(([p, v]) => this.s.recordsFor(parsePath(p), v))
      .map((r) => this.s.misencode(r));
    if (records.length === 0) throw new OperationError(400, 'a Write-Composite needs at least one value');
    const method = this.s.has('write-composite-as-post') ? Method.POST : Method.iPATCH;
    let payload = encodeComposite(cf, records, this.s.registry);
    if (this.s.has('write-composite-garbled-body')) payload = payload.subarray(0, Math.max(1, payload.length - 3));
    const res = await this.s.ask(endpointName, { method, path: '/', contentFormat: cf, payload });
    return { code: res.message.code };
  }

  async observe(endpointName: string, paths: string[], format?: string | number): Promise<OperationResult> {
    const parsed = pathList(paths);
    const cf = senmlFormat(format);
    const observation: ServerObservation = {
      endpoint: endpointName,
      path: paths.join(','),
      paths,
      format: cf,
      token: Buffer.alloc(0),
      notifications: [],
    };
    const onNotification = (n: IncomingResponse) => {
      if (this.s.has('notifications-not-reported')) return;
      const d = this.reported(parsed, n);
      observation.notifications.push({ at: n.receivedAt, values: d.values ?? {}, problem: d.problem });
    };
    const spec = { ...this.fetch(parsed, cf), observe: this.s.has('observe-composite-without-observe') ? undefined : 0 };
    const res = await this.s.ask(endpointName, spec, onNotification);
    observation.token = res.request.token;
    if (res.message.code === '2.05') this.s.observations.push(observation);
    return { ...this.reported(parsed, res), token: res.request.token.toString('hex') };
  }

  /** `active`: a FETCH with Observe=1, the same token and path list; `passive`: forget it, so the next notification gets RST. */
  async cancel(endpointName: string, paths: string[], mode: 'active' | 'passive' = 'active'): Promise<OperationResult> {
    const key = [...paths].sort().join(',');
    const i = this.s.observations.findIndex((o) => o.endpoint === endpointName && o.paths && [...o.paths].sort().join(',') === key);
    if (i < 0) throw new OperationError(404, `no Observe-Composite of ${paths.join(', ')} on "${endpointName}"`);
    const [o] = this.s.observations.splice(i, 1);
    if (!(mode === 'passive' && this.s.has('passive-cancel-keeps-acking'))) this.s.endpoint.forgetObservation(o.token);
    if (mode === 'passive') return { code: '2.05', token: o.token.toString('hex') };
    const listed = this.s.has('cancel-composite-drops-path') && paths.length > 1 ? paths.slice(0, -1) : paths;
    const token = this.s.has('cancel-with-new-token') ? undefined : o.token;
    const parsed = pathList(listed);
    const format = o.format ?? ContentFormat.SENML_CBOR;
    const res = await this.s.ask(endpointName, { ...this.fetch(parsed, format), observe: 1, token });
    return { ...this.reported(parsed, res), token: o.token.toString('hex') };
  }

  /** A FETCH on the root with the path list (the faults of its shape applied). */
  private fetch(paths: LwM2MPath[], cf: number) {
    const listed = this.s.has('composite-read-drops-path') && paths.length > 1 ? paths.slice(0, -1) : paths;
    let payload = encodePathList(cf, listed);
    // composite-read-garbled-body: the body cut short, so it no longer decodes.
    if (this.s.has('composite-read-garbled-body')) payload = payload.subarray(0, Math.max(1, payload.length - 3));
    return {
      method: this.s.has('composite-read-as-get') ? Method.GET : Method.FETCH,
      path: '/',
      contentFormat: cf,
      accept: this.s.has('composite-read-without-accept') ? undefined : cf,
      payload,
    };
  }

  /** The values the client answered, by path; a client may leave out paths it does not have. */
  private reported(paths: LwM2MPath[], res: IncomingResponse): OperationResult {
    const format = contentFormat(res.message);
    const result: OperationResult = { code: res.message.code, contentFormat: format };
    if (!res.message.code.startsWith('2.') || res.message.payload.length === 0) return result;
    if (format === undefined || !SENML.has(format))
      return { ...result, problem: `the client answered in content-format ${format ?? 'none'}, not SenML` };
    let records: ResourceRecord[];
    try {
      records = decodeComposite(format, res.message.payload, this.s.registry).map((r) => this.s.misdecode(r));
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return { ...result, problem: e.message };
    }
    const missing = paths.filter((p) => !records.some((r) => r.path.startsWith(p)));
    // composite-partial-refused: an answer without every path is taken for a failure.
    if (missing.length && this.s.has('composite-partial-refused'))
      throw new OperationError(502, `the client's answer holds nothing for ${missing.join(', ')}`);
    result.values = recordsToJson(records);
    result.value = result.values;
    return result;
  }
}

function senmlFormat(format: string | number | undefined): number {
  const cf = formatNumber(format) ?? ContentFormat.SENML_CBOR;
  if (!SENML.has(cf)) throw new OperationError(400, `a composite operation is SenML JSON or SenML CBOR, not format ${format}`);
  return cf;
}

function pathList(paths: unknown): LwM2MPath[] {
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string'))
    throw new OperationError(400, 'the body needs "paths" (a non-empty array of LwM2M paths)');
  return paths.map(parsePath);
}
