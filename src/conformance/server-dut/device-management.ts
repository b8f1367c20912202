/**
 * Device Management judged from the server side: the server is asked (through the profile's
 * action) to read from the Test Client; the Read it sends must be well formed (GET on the path,
 * the Accept of the format asked for, no payload, LwM2M 1.1 §6.3.1 and Table 6.4-1), and the value
 * it reports must be what the Test Client answered (it decoded the format), checked through the
 * action's answer.
 */
import { Method, OptionNumber, accept as acceptOf, codeName } from '../../coap/message';
import { ContentFormat, contentFormatName } from '../../lwm2m/content';
import { FORMAT_NAMES, formatByName } from '../../lwm2m/format-names';
import { LwM2MPath } from '../../lwm2m/path';
import { toJson } from '../../peers/reference-server/json-values';
import type { ServerRequest } from '../../peers/test-client/test-client';
import type { ActionName, ActionOutcome, ActionRequest } from '../actions/types';
import {
  attributeQueryProblem,
  decodeWrite,
  depthQueryProblem,
  linksProblem,
  reportedFailureProblem,
  shapeProblem,
  valuesProblem,
  type AskedValue,
  type Problem,
} from './request-checks';
import { CriterionFailure, DutFailure, PreconditionFailure } from '../failures';
import type { ServerDutSession } from './session';

/** The formats LwM2M carries resource values in (every named data format); link format is a Discover's. */
const LWM2M_DATA_FORMATS = new Set<number>(Object.values(FORMAT_NAMES));

export interface ServerRead {
  path: string;
  format?: string;
  outcome: ActionOutcome;
  request: ServerRequest;
}

export class ServerDeviceManagementOperations {
  constructor(private readonly s: ServerDutSession) {}

  /** Asks the server to read `path` (in `format`, or as it likes) and waits for the request on the wire. */
  async read(path: string, format?: string): Promise<ServerRead> {
    const { outcome, request } = await this.s.act(
      'read',
      { path, format },
      (r) => r.request.path === path,
      `a Read of ${path} from the server`,
    );
    return { path, format, outcome, request };
  }

  /** Criterion: asked to read, the server sends the Read to the Test Client (it holds the registration by that name). */
  async readAsCriterion(criterion: string, path: string, format?: string): Promise<ServerRead> {
    try {
      return await this.read(path, format);
    } catch (e) {
      if (e instanceof DutFailure) throw new CriterionFailure(criterion, e.expected, e.actual);
      throw e;
    }
  }

  /** Precondition: asked to read, the server reads from the Test Client (which answers 2.05). */
  async readAsPrecondition(path: string): Promise<ServerRead> {
    let read: ServerRead;
    try {
      read = await this.read(path);
    } catch (e) {
      if (e instanceof DutFailure) throw new PreconditionFailure(`the server to read ${path} when asked`, e.actual);
      throw e;
    }
    if (read.request.responseCode !== '2.05')
      throw new PreconditionFailure(`the Test Client to answer the Read of ${path}`, read.request.responseCode);
    return read;
  }

  /** What every Read criterion checks first: a well-formed plain GET without a payload; returns its Accept. */
  private checkGetWithoutPayload(criterion: string, read: ServerRead): { what: string; got: number | undefined } {
    const m = read.request.request.message;
    const what = `the Read of ${read.path}`;
    if (m.code !== Method.GET) throw new CriterionFailure(criterion, `${what} as a GET`, `the server sent ${codeName(m.code)}`);
    if (read.request.operation !== 'read')
      throw new CriterionFailure(criterion, `${what} as a plain Read`, `the request was taken for ${read.request.operation}`);
    if (read.request.request.problems.length)
      throw new CriterionFailure(criterion, `${what} well formed`, read.request.request.problems.join('; '));
    if (m.payload.length) throw new CriterionFailure(criterion, `${what} without a payload`, `it carried ${m.payload.length} bytes`);
    const got = acceptOf(m);
    return { what, got };
  }

  /** Criterion: the Read is a GET on the path, with the Accept of the format asked for (none when none was) and no payload. */
  checkReadRequest(criterion: string, read: ServerRead): void {
    const { what, got } = this.checkGetWithoutPayload(criterion, read);
    if (read.format === undefined) {
      // Asked for no format, the server leaves the choice to the client (LwM2M 1.1 §6.3.1; int-237).
      if (got !== undefined)
        throw new CriterionFailure(criterion, `${what} without an Accept option`, `it carried Accept ${got} (${contentFormatName(got)})`);
      return;
    }
    const wanted = formatByName(read.format)!;
    if (got !== wanted) {
      throw new CriterionFailure(
        criterion,
        `${what} with Accept ${wanted} (${contentFormatName(wanted)})`,
        got === undefined ? 'it carried no Accept option' : `it carried Accept ${got} (${contentFormatName(got)})`,
      );
    }
  }

  /**
   * Criterion: the Read is a plain GET on the path without a payload, and its Accept, when it
   * carries one, names a LwM2M data format (the server may state the format it wants, or leave
   * the choice to the client). For a case whose point is the value, not the format.
   */
  checkPlainRead(criterion: string, read: ServerRead): void {
    const { what, got } = this.checkGetWithoutPayload(criterion, read);
    if (got !== undefined && !LWM2M_DATA_FORMATS.has(got))
      throw new CriterionFailure(
        criterion,
        `${what} with no Accept or the Accept of a LwM2M data format`,
        `it carried Accept ${got} (${contentFormatName(got)})`,
      );
  }

  /**
   * Criterion: the value the server reports is the Test Client's, so it decoded the answer. The
   * action's answer is one value (a resource read) or values by path (an instance read).
   */
  checkReportedValue(criterion: string, read: ServerRead): void {
    if (read.request.responseCode !== '2.05')
      throw new PreconditionFailure(
        `the Test Client to answer the Read of ${read.path}`,
        `it answered ${read.request.responseCode}: ${read.request.problem ?? ''}`,
      );
    if (read.outcome.manual) throw new PreconditionFailure('an action answer to check the decoded value in', 'the read action is manual');
    // A profile that names no value in the read action's answer cannot show what the server decoded: its gap, not the server's.
    if (!this.s.actionNamesValue('read'))
      throw new PreconditionFailure(
        'an action answer to check the decoded value in',
        'actions.read names no value (an http valuePointer, a stdin or command value regex)',
      );
    if (read.outcome.value === undefined) {
      throw new CriterionFailure(
        criterion,
        `the server to report what it read from ${read.path}`,
        `the action's answer holds no value: ${read.outcome.evidence}`,
      );
    }
    const held = this.s.client.store.read(LwM2MPath.parse(read.path));
    const reported = read.outcome.value;
    const single = held.length === 1 && String(held[0].path) === read.path;
    for (const r of held) {
      const at = String(r.path);
      const value =
        single && (typeof reported !== 'object' || reported === null) ? reported : (reported as Record<string, unknown> | null)?.[at];
      const expected = toJson(r.value);
      if (value === undefined)
        throw new CriterionFailure(
          criterion,
          `the value of ${at} (${JSON.stringify(expected)}) in the server's answer`,
          `it is missing: ${read.outcome.evidence}`,
        );
      if (String(value) !== String(expected)) {
        throw new CriterionFailure(
          criterion,
          `${at} reported as the Test Client sent it: ${JSON.stringify(expected)}`,
          `the server reports ${JSON.stringify(value)}`,
        );
      }
    }
  }
}

/** One action asked of the server and the first request it then sent the Test Client. */
export interface ServerAct {
  path: string;
  format?: string;
  /** The values asked for, by path, in the order the case gives them. */
  asked: AskedValue[];
  outcome: ActionOutcome;
  request: ServerRequest;
  /** The depth a Discover was asked for (LwM2M 1.2). */
  depth?: number;
}

const WRITE_METHOD = { replace: 'PUT', partial: 'POST' } as const;

/**
 * Write, Execute, Create, Delete, Discover and Write-Attributes judged from the server side: each
 * request the server sends when asked must be the operation's (LwM2M 1.1 Table 6.4-1: method,
 * path, Content-Format or Accept, payload), its payload must decode in the format asked for and
 * hold the values asked for, and what the server reports must be what the Test Client answered.
 */
export class ServerRequestOperations {
  constructor(private readonly s: ServerDutSession) {}

  /** The first request the server sends after being asked (its attempt, whatever its path). */
  private async ask(name: ActionName, path: string, extra: Omit<ActionRequest, 'endpoint' | 'path'>, asked: AskedValue[] = []) {
    const { outcome, request } = await this.s.act(
      name,
      { path, ...extra },
      () => true,
      `a request from the server after asking it to ${name} ${path}`,
    );
    return { path, format: extra.format, asked, outcome, request };
  }

  write(mode: 'replace' | 'partial', path: string, format: string, asked: AskedValue[]): Promise<ServerAct> {
    return this.ask(mode === 'replace' ? 'write' : 'write-partial', path, { format, value: actionValue(path, asked) }, asked);
  }

  execute(path: string): Promise<ServerAct> {
    return this.ask('execute', path, {});
  }

  create(objectPath: string, format: string, asked: AskedValue[]): Promise<ServerAct> {
    const instance = asked.length ? LwM2MPath.parse(asked[0][0]) : LwM2MPath.parse(objectPath);
    return this.ask('create', objectPath, { format, value: actionValue(`/${instance.objectId}/${instance.instanceId}`, asked) }, asked);
  }

  delete(path: string): Promise<ServerAct> {
    return this.ask('delete', path, {});
  }

  async discover(path: string, depth?: number): Promise<ServerAct> {
    return { ...(await this.ask('discover', path, { depth })), depth };
  }

  writeAttributes(path: string, attributes: Record<string, string | number>): Promise<ServerAct> {
    return this.ask('write-attributes', path, { value: attributes, attributes }, Object.entries(attributes));
  }

  /** Criterion: a Write is PUT (replace) or POST (partial update) on its path with the Content-Format asked for. */
  checkWrite(criterion: string, act: ServerAct, mode: 'replace' | 'partial'): void {
    this.fail(
      criterion,
      shapeProblem(`the Write of ${act.path}`, act.request.request.message, {
        method: WRITE_METHOD[mode],
        path: act.path,
        contentFormat: formatByName(act.format!)!,
      }),
    );
  }

  /** Criterion: the payload decodes in its Content-Format and holds the values asked for. */
  checkPayload(criterion: string, act: ServerAct, create = false): void {
    const decoded = decodeWrite(act.request.request.message, LwM2MPath.parse(act.path), this.s.registry, create);
    if ('problem' in decoded) return this.fail(criterion, decoded.problem);
    this.fail(criterion, valuesProblem(decoded.records, act.asked, create));
  }

  /**
   * Criterion: a request the Test Client refused (an error code: LwM2M 1.1 §5.4, a Write on a
   * read-only resource is 4.05) is reported as failed, not done: the action fails, or the answer
   * it reports names the code or its reason phrase ("4.05", "Method Not Allowed", "METHOD_NOT_ALLOWED").
   */
  checkReportedFailure(criterion: string, act: ServerAct): void {
    const code = act.request.responseCode;
    if (code.startsWith('2.'))
      throw new PreconditionFailure(`the Test Client to refuse the request on ${act.path}`, `it answered ${codeName(code)}`);
    if (!act.outcome.ok) return;
    if (act.outcome.manual) throw new PreconditionFailure('an action answer to check what the server reports', 'the action is manual');
    if (act.outcome.value === undefined)
      throw new PreconditionFailure(
        'an action answer that says how the request went (a value, or an answer that fails)',
        `the action succeeded and holds no value: ${act.outcome.evidence}`,
      );
    this.fail(criterion, reportedFailureProblem(act.outcome.value, code));
  }

  /** Criterion: an Execute is a POST on the resource, without arguments (no payload) here. */
  checkExecute(criterion: string, act: ServerAct): void {
    this.fail(
      criterion,
      shapeProblem(`the Execute of ${act.path}`, act.request.request.message, { method: 'POST', path: act.path, payload: null }),
    );
  }

  /** Criterion: a Create is a POST on the object with the Content-Format asked for, and its payload holds the values. */
  checkCreate(criterion: string, act: ServerAct): void {
    this.fail(
      criterion,
      shapeProblem(`the Create in ${act.path}`, act.request.request.message, {
        method: 'POST',
        path: act.path,
        contentFormat: formatByName(act.format!)!,
      }),
    );
    this.checkPayload(criterion, act, true);
  }

  /** Criterion: the server reports the instance the Test Client created (its Location-Path). */
  checkCreatedLocation(criterion: string, act: ServerAct): void {
    if (act.request.responseCode !== '2.01')
      throw new PreconditionFailure(
        `the Test Client to create the instance`,
        `it answered ${act.request.responseCode}: ${act.request.problem ?? ''}`,
      );
    const location =
      '/' +
      (act.request.response.options ?? [])
        .filter((o) => o.number === OptionNumber.LocationPath)
        .map((o) => o.value.toString())
        .join('/');
    const reported = this.reported(criterion, act, `the new instance ${location}`);
    if (String(reported) !== location)
      throw new CriterionFailure(criterion, `the server to report the new instance ${location}`, `it reports ${JSON.stringify(reported)}`);
  }

  /** Criterion: a Delete is a DELETE on the object instance, without a payload. */
  checkDelete(criterion: string, act: ServerAct): void {
    this.fail(
      criterion,
      shapeProblem(`the Delete of ${act.path}`, act.request.request.message, { method: 'DELETE', path: act.path, payload: null }),
    );
  }

  /**
   * Criterion: a Discover is a GET on the path with Accept 40 (application/link-format), no
   * Observe, no payload; asked for a depth (LwM2M 1.2), its query is `depth=N`.
   */
  checkDiscover(criterion: string, act: ServerAct): void {
    const m = act.request.request.message;
    this.fail(
      criterion,
      shapeProblem(`the Discover of ${act.path}`, m, {
        method: 'GET',
        path: act.path,
        accept: ContentFormat.LINK_FORMAT,
        observe: null,
        payload: null,
      }) ?? (act.depth === undefined ? undefined : depthQueryProblem(m, act.depth)),
    );
  }

  /** Criterion: the links the server reports are those the Test Client answered. */
  checkReportedLinks(criterion: string, act: ServerAct): void {
    if (act.request.responseCode !== '2.05')
      throw new PreconditionFailure(`the Test Client to answer the Discover of ${act.path}`, `it answered ${act.request.responseCode}`);
    const answered = (act.request.response.payload ?? Buffer.alloc(0)).toString('utf8');
    this.fail(criterion, linksProblem(this.reported(criterion, act, 'the links it discovered'), answered));
  }

  /** Criterion: a Write-Attributes is a PUT on the path, the attributes one per Uri-Query option, no Content-Format, no payload. */
  checkWriteAttributes(criterion: string, act: ServerAct): void {
    const m = act.request.request.message;
    this.fail(
      criterion,
      shapeProblem(`the Write-Attributes of ${act.path}`, m, { method: 'PUT', path: act.path, contentFormat: null, payload: null }) ??
        attributeQueryProblem(m, Object.fromEntries(act.asked) as Record<string, string | number>),
    );
  }

  private reported(criterion: string, act: ServerAct, what: string): unknown {
    if (act.outcome.manual) throw new PreconditionFailure('an action answer to check what the server reports', 'the action is manual');
    if (act.outcome.value === undefined)
      throw new CriterionFailure(criterion, `the server to report ${what}`, `the action's answer holds no value: ${act.outcome.evidence}`);
    return act.outcome.value;
  }

  private fail(criterion: string, problem: Problem | undefined): void {
    if (problem) throw new CriterionFailure(criterion, problem.expected, problem.actual);
  }
}

/**
 * The value an action is given for `path`: one value for a resource (or resource instance);
 * for an instance `{ resourceId: value }`, a multiple resource's values as `{ instanceId: value }`.
 */
export function actionValue(path: string, asked: AskedValue[]): unknown {
  const base = LwM2MPath.parse(path).ids.length;
  if (asked.length === 1 && asked[0][0] === path) return asked[0][1];
  const root: Record<string, unknown> = {};
  for (const [at, value] of asked) {
    const ids = LwM2MPath.parse(at).ids.slice(base);
    if (ids.length === 0) throw new Error(`the value at ${at} is not below ${path}`);
    let here = root;
    for (const id of ids.slice(0, -1)) here = (here[id] ??= {}) as Record<string, unknown>;
    here[ids.at(-1)!] = value;
  }
  return root;
}
