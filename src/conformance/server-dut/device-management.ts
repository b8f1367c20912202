/**
 * Device Management judged from the server side: the server is asked (through the profile's
 * action) to read from the Test Client; the Read it sends must be well formed (GET on the path,
 * the Accept of the format asked for, no payload, LwM2M 1.1 §6.3.1 and Table 6.4-1), and the value
 * it reports must be what the Test Client answered (it decoded the format), checked through the
 * action's answer.
 */
import { Method, accept as acceptOf, codeName } from '../../coap/message';
import { contentFormatName } from '../../lwm2m/content';
import { formatByName } from '../../lwm2m/format-names';
import { LwM2MPath } from '../../lwm2m/path';
import { toJson } from '../../peers/reference-server/json-values';
import type { ServerRequest } from '../../peers/test-client/test-client';
import type { ActionOutcome } from '../actions/types';
import { CriterionFailure, DutFailure, PreconditionFailure } from '../failures';
import type { ServerDutSession } from './session';

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
  async readAsCriterion(criterion: string, path: string): Promise<ServerRead> {
    try {
      return await this.read(path);
    } catch (e) {
      if (e instanceof DutFailure) throw new CriterionFailure(criterion, e.expected, e.actual);
      throw e;
    }
  }

  /** Criterion: the Read is a GET on the path, with the Accept of the format asked for (none when none was) and no payload. */
  checkReadRequest(criterion: string, read: ServerRead): void {
    const m = read.request.request.message;
    const what = `the Read of ${read.path}`;
    if (m.code !== Method.GET) throw new CriterionFailure(criterion, `${what} as a GET`, `the server sent ${codeName(m.code)}`);
    if (read.request.operation !== 'read')
      throw new CriterionFailure(criterion, `${what} as a plain Read`, `the request was taken for ${read.request.operation}`);
    if (read.request.request.problems.length)
      throw new CriterionFailure(criterion, `${what} well formed`, read.request.request.problems.join('; '));
    if (m.payload.length) throw new CriterionFailure(criterion, `${what} without a payload`, `it carried ${m.payload.length} bytes`);
    const got = acceptOf(m);
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
