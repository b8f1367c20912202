/**
 * Carries out the profile's actions: fills the template's placeholders (the request's values,
 * and values captured from the DUT's output), performs it (HTTP, a stdin line, a command, an
 * operator's hands) and says what came of it. It never judges: the session judges what then
 * arrives on the wire, and what the answer's value is against what the Test Client sent.
 */
import { execFile } from 'node:child_process';
import type { EventLog } from '../../util/event-log';
import { commandArgv, fillPlaceholders } from '../launcher';
import { formatByName } from '../../lwm2m/format-names';
import { resolvePointer } from './json-pointer';
import {
  actionTemplates,
  type ActionName,
  type ActionOutcome,
  type ActionRequest,
  type ActionSpec,
  type CommandAction,
  type HttpAction,
  type StdinAction,
} from './types';

/** A server DUT's console: its output lines as they come, and its stdin. */
export interface DutConsole {
  readonly output: EventLog<string>;
  write(text: string): void;
}

/** A harness-side problem with an action (bad template, a capture that never came): ERROR or INCONC, never the DUT's FAIL. */
export class ActionError extends Error {
  override name = 'ActionError';
}

/** Values captured from the DUT's output by the profile's regexes (first group; the latest match wins). */
export class Captures {
  constructor(
    private readonly patterns: Record<string, string>,
    private readonly console?: DutConsole,
  ) {}

  names(): string[] {
    return Object.keys(this.patterns);
  }

  get(name: string): string | undefined {
    const lines = this.console?.output.all() ?? [];
    for (let i = lines.length - 1; i >= 0; i--) {
      const m = new RegExp(this.patterns[name]).exec(lines[i]);
      if (m) return m[1] ?? m[0];
    }
    return undefined;
  }

  /** The captured value, waiting for the DUT to print it up to the deadline. */
  async wait(name: string, timeoutMs: number): Promise<string> {
    const now = this.get(name);
    if (now !== undefined) return now;
    const re = new RegExp(this.patterns[name]);
    try {
      const line = await this.console!.output.waitFor((l) => re.test(l), { timeoutMs, what: `the capture ${name}` });
      const m = re.exec(line)!;
      return m[1] ?? m[0];
    } catch {
      throw new ActionError(`the DUT's output never matched the capture "${name}" (${this.patterns[name]}) within ${timeoutMs} ms`);
    }
  }
}

export interface ActionContext {
  captures?: Captures;
  console?: DutConsole;
  /** Messages for the operator (manual actions), at once on stderr. */
  log?: (line: string) => void;
  /** Where commands run. */
  cwd?: string;
  /** Extra placeholders (e.g. where the DUT listens). */
  vars?: Record<string, string>;
}

export class ActionRunner {
  constructor(
    readonly actions: Partial<Record<ActionName, ActionSpec>>,
    private readonly ctx: ActionContext = {},
  ) {}

  has(name: ActionName): boolean {
    return this.actions[name] !== undefined;
  }

  async perform(name: ActionName, request: ActionRequest): Promise<ActionOutcome> {
    const spec = this.actions[name];
    if (!spec) throw new ActionError(`the profile has no action "${name}"`);
    switch (spec.kind) {
      case 'http':
        return this.http(spec, await this.vars(spec, request, 'http'));
      case 'stdin':
        return this.stdin(spec, await this.vars(spec, request, 'text'));
      case 'command':
        return this.command(spec, await this.vars(spec, request, 'text'));
      case 'manual': {
        const text = fillPlaceholders(spec.instructions, await this.vars(spec, request, 'text'));
        (this.ctx.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(`ACTION REQUIRED: ${text}`);
        return { ok: true, manual: true, evidence: `operator asked: ${text}`, deadlineMs: spec.timeoutMs };
      }
    }
  }

  /** The placeholder values; captured ones are waited for only when the template uses them. */
  private async vars(spec: ActionSpec, r: ActionRequest, use: 'http' | 'text'): Promise<Record<string, string>> {
    const vars: Record<string, string> = {
      ...this.ctx.vars,
      endpoint: r.endpoint,
      path: r.path ?? '',
      format: r.format ?? '',
      format_number: r.format ? String(formatByName(r.format) ?? '') : '',
      value: r.value === undefined ? '' : typeof r.value === 'string' ? r.value : JSON.stringify(r.value),
      attributes: Object.entries(r.attributes ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join('&'),
      paths: (r.paths ?? []).join(','),
      depth: r.depth === undefined ? '' : String(r.depth),
      package_file: r.packageFile ?? '',
      package_uri: r.packageUri ?? '',
    };
    const templates = actionTemplates(spec);
    for (const name of this.ctx.captures?.names() ?? []) {
      if (templates.some((t) => t.includes(`{${name}}`))) vars[name] = await this.ctx.captures!.wait(name, spec.timeoutMs);
    }
    if (use === 'http') vars.value = r.value === undefined ? 'null' : JSON.stringify(r.value);
    if (use === 'http') vars.paths = JSON.stringify(r.paths ?? []);
    return vars;
  }

  private async http(spec: HttpAction, vars: Record<string, string>): Promise<ActionOutcome> {
    const url = fillPlaceholders(spec.url, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, encodeURIComponent(v)])));
    // In a JSON body {value} and {paths} are JSON already; every other placeholder goes inside a JSON string.
    const body =
      spec.body === undefined ? undefined : fillPlaceholders(spec.body, { ...escapedForJson(vars), value: vars.value, paths: vars.paths });
    let res: Response;
    try {
      res = await fetch(url, { method: spec.method, headers: spec.headers, body, signal: AbortSignal.timeout(spec.timeoutMs) });
    } catch (e) {
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${spec.timeoutMs} ms` : (e as Error).message;
      return { ok: false, evidence: `${spec.method} ${url}: ${why}${causeOf(e)}`, deadlineMs: spec.timeoutMs };
    }
    const text = await res.text();
    const evidence = `${spec.method} ${url} → HTTP ${res.status} ${text.slice(0, 300)}`;
    const ok = spec.successStatus ? spec.successStatus.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!ok || spec.valuePointer === undefined) return { ok, evidence, deadlineMs: spec.timeoutMs };
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return { ok: true, evidence: `${evidence} (not JSON, so no value at ${spec.valuePointer})`, deadlineMs: spec.timeoutMs };
    }
    const at = resolvePointer(doc, spec.valuePointer);
    return at.found
      ? { ok: true, value: at.value, evidence, deadlineMs: spec.timeoutMs }
      : { ok: true, evidence: `${evidence} (nothing at ${spec.valuePointer}: ${at.at} is missing)`, deadlineMs: spec.timeoutMs };
  }

  private async stdin(spec: StdinAction, vars: Record<string, string>): Promise<ActionOutcome> {
    const console = this.ctx.console;
    if (!console) throw new ActionError('a stdin action needs a DUT launched by the harness (launch.command), whose stdin it writes');
    const line = fillPlaceholders(spec.line, vars);
    const mark = console.output.cursor();
    console.write(line.endsWith('\n') ? line : `${line}\n`);
    const evidence = `wrote ${JSON.stringify(line)} to the DUT's stdin`;
    const waitLine = async (pattern: string) => {
      const re = new RegExp(pattern);
      try {
        return await console.output.waitFor((l) => re.test(l), {
          after: mark,
          timeoutMs: spec.timeoutMs,
          what: `output matching ${pattern}`,
        });
      } catch {
        return undefined;
      }
    };
    if (spec.success) {
      const got = await waitLine(spec.success);
      if (!got)
        return {
          ok: false,
          evidence: `${evidence}; no output matched ${spec.success} within ${spec.timeoutMs} ms`,
          deadlineMs: spec.timeoutMs,
        };
    }
    if (!spec.value) return { ok: true, evidence, deadlineMs: spec.timeoutMs };
    const got = await waitLine(spec.value);
    if (!got)
      return { ok: true, evidence: `${evidence}; no output matched ${spec.value} within ${spec.timeoutMs} ms`, deadlineMs: spec.timeoutMs };
    const m = new RegExp(spec.value).exec(got)!;
    return { ok: true, value: m[1] ?? m[0], evidence: `${evidence}; it printed ${JSON.stringify(got)}`, deadlineMs: spec.timeoutMs };
  }

  private command(spec: CommandAction, vars: Record<string, string>): Promise<ActionOutcome> {
    const argv = commandArgv(spec.command, vars);
    return new Promise((resolve) => {
      execFile(argv[0], argv.slice(1), { cwd: this.ctx.cwd, timeout: spec.timeoutMs, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
        const shown = argv.join(' ');
        if (error) {
          const why = error.killed ? `killed after ${spec.timeoutMs} ms` : `exit ${error.code ?? error.message}`;
          return resolve({ ok: false, evidence: `${shown}: ${why}; ${String(stderr).trim().slice(0, 300)}`, deadlineMs: spec.timeoutMs });
        }
        const m = spec.value ? new RegExp(spec.value, 'm').exec(String(stdout)) : null;
        resolve({
          ok: true,
          value: m ? (m[1] ?? m[0]) : undefined,
          evidence: `${shown}: exit 0; ${String(stdout).trim().slice(0, 300)}`,
          deadlineMs: spec.timeoutMs,
        });
      });
    });
  }
}

function escapedForJson(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, JSON.stringify(v).slice(1, -1)]));
}

function causeOf(e: unknown): string {
  const cause = (e as { cause?: { message?: string } }).cause;
  return cause?.message ? ` (${cause.message})` : '';
}
