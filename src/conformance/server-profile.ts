/**
 * The parts of a DUT profile that only a server DUT has: where it listens (`serverUri`), values
 * captured from its output (`captures`) and how to make it act (`actions`). Reads data the schema
 * has already checked, applies defaults, and checks what a schema cannot: that every
 * placeholder is one the harness fills or a capture defines.
 */
import { PLACEHOLDER } from './dut-profile';
import { ACTION_PLACEHOLDERS, type ActionName, type ActionSpec } from './actions/types';
import type { BootstrapScript } from '../peers/reference-server/bootstrap-server';

export const DEFAULT_ACTION_TIMEOUT_MS = 5000;
export const DEFAULT_MANUAL_ACTION_TIMEOUT_MS = 120_000;

/** Where a server DUT listens when the profile does not say: the LwM2M default port on this machine. */
export const DEFAULT_SERVER_URI = 'coap://127.0.0.1:5683';

export interface ServerDutParts {
  /** e.g. coap://127.0.0.1:{coap_port}; placeholders are captures. */
  serverUri: string;
  captures: Record<string, string>;
  actions: Partial<Record<ActionName, ActionSpec>>;
  /** A Bootstrap Server DUT: the endpoint name it is configured to run each bootstrap script for. */
  bootstrapScripts: Partial<Record<BootstrapScript, string>>;
}

export interface PartProblem {
  field: string;
  message: string;
}

type Raw = Record<string, unknown>;

/** The server DUT parts of schema-checked profile data; `problems` gets what the schema cannot see. */
export function serverDutParts(data: Raw, problems: PartProblem[]): ServerDutParts {
  const captures = { ...((data.captures as Record<string, string> | undefined) ?? {}) };
  for (const [name, pattern] of Object.entries(captures)) {
    try {
      new RegExp(pattern);
    } catch (e) {
      problems.push({
        field: `captures.${name}`,
        message: `expected a regular expression, found ${JSON.stringify(pattern)}: ${(e as Error).message}`,
      });
    }
  }
  const known = [...Object.keys(ACTION_PLACEHOLDERS), ...Object.keys(captures)];
  const checkPlaceholders = (field: string, text: string, allowed = known) => {
    for (const m of text.matchAll(PLACEHOLDER)) {
      if (!allowed.includes(m[1]))
        problems.push({ field, message: `unknown placeholder {${m[1]}} (expected one of ${allowed.map((p) => `{${p}}`).join(', ')})` });
    }
  };
  const serverUri = (data.serverUri as string | undefined) ?? DEFAULT_SERVER_URI;
  checkPlaceholders('serverUri', serverUri, Object.keys(captures));
  checkSecurity(data, serverUri, problems);

  const actions: Partial<Record<ActionName, ActionSpec>> = {};
  for (const [name, raw] of Object.entries((data.actions as Raw | undefined) ?? {})) {
    const field = `actions.${name}`;
    const spec = actionSpec(raw);
    if (typeof spec === 'string') {
      problems.push({ field, message: spec });
      continue;
    }
    const texts: [string, string][] =
      spec.kind === 'http'
        ? [
            [`${field}.http.url`, spec.url],
            [`${field}.http.body`, spec.body ?? ''],
            ...Object.entries(spec.headers).map(([k, v]): [string, string] => [`${field}.http.headers.${k}`, v]),
          ]
        : spec.kind === 'stdin'
          ? [[`${field}.stdin.line`, spec.line]]
          : spec.kind === 'command'
            ? [spec.command].flat().map((w): [string, string] => [`${field}.command.run`, w])
            : [[`${field}.manual`, spec.instructions]];
    for (const [f, t] of texts) checkPlaceholders(f, t);
    for (const [key, pattern] of [
      ['success', spec.kind === 'stdin' ? spec.success : undefined],
      ['value', 'value' in spec ? spec.value : undefined],
    ] as const) {
      if (pattern === undefined) continue;
      try {
        new RegExp(pattern);
      } catch (e) {
        problems.push({ field: `${field}.${spec.kind}.${key}`, message: `expected a regular expression: ${(e as Error).message}` });
      }
    }
    actions[name as ActionName] = spec;
  }
  const bootstrapScripts = { ...((data.bootstrapScripts as Record<string, string> | undefined) ?? {}) };
  if (Object.keys(bootstrapScripts).length && data.role !== 'bootstrap-server')
    problems.push({ field: 'bootstrapScripts', message: 'only a Bootstrap Server DUT (role: bootstrap-server) has bootstrap scripts' });
  return { serverUri, captures, actions, bootstrapScripts };
}

/**
 * A secured server DUT: the Test Client connects with DTLS (coaps://) or TLS (coaps+tcp://), in a mode it can play,
 * with credentials of its own in X.509 and RPK modes (the LwM2M client's certificate or raw key pair).
 */
function checkSecurity(data: Raw, serverUri: string, problems: PartProblem[]): void {
  const security = (data.security as Raw | undefined) ?? {};
  const mode = (security.mode as string | undefined) ?? 'nosec';
  const secure = /^coaps(\+tcp)?:/.test(serverUri);
  const tcp = /^coaps?\+tcp:/.test(serverUri) ? '+tcp' : '';
  if (mode === 'nosec' && secure)
    problems.push({
      field: 'serverUri',
      message: `expected a coap${tcp}:// URI with security.mode nosec, found ${serverUri} (set security)`,
    });
  if (mode !== 'nosec' && !secure)
    problems.push({ field: 'serverUri', message: `expected a coaps${tcp}:// URI with security.mode ${mode}, found ${serverUri}` });
  if (tcp && data.role === 'bootstrap-server')
    problems.push({
      field: 'serverUri',
      message: `expected a coap:// or coaps:// URI for a Bootstrap-Server DUT (bootstrap over TCP is not offered), found ${serverUri}`,
    });
  // TLS over TCP: PSK or certificates (node:tls has no raw public keys, RFC 7250).
  if (mode === 'rpk' && tcp)
    problems.push({ field: 'security.mode', message: `expected psk or x509 with a coaps+tcp:// serverUri, found rpk` });
  const own = mode === 'x509' ? ['clientCertificate', 'clientPrivateKey'] : mode === 'rpk' ? ['clientPublicKey', 'clientPrivateKey'] : [];
  for (const field of own)
    if (security[field] === undefined)
      problems.push({
        field: `security.${field}`,
        message: `required for a server DUT in ${mode === 'rpk' ? 'RPK' : 'X.509'} mode (the Test Client presents it), but missing`,
      });
}

/** One action from its profile form; a string is the problem when it has none or several ways. */
function actionSpec(raw: unknown): ActionSpec | string {
  if (raw === 'manual')
    return {
      kind: 'manual',
      instructions: 'Make the server under test carry out this action now.',
      timeoutMs: DEFAULT_MANUAL_ACTION_TIMEOUT_MS,
    };
  const a = raw as Raw;
  const ways = ['http', 'stdin', 'command', 'manual'].filter((k) => a[k] !== undefined);
  if (ways.length !== 1) return `expected exactly one of http, stdin, command, manual, found ${ways.length ? ways.join(' and ') : 'none'}`;
  const timeoutMs = a.timeoutMs as number | undefined;
  if (a.manual !== undefined)
    return { kind: 'manual', instructions: a.manual as string, timeoutMs: timeoutMs ?? DEFAULT_MANUAL_ACTION_TIMEOUT_MS };
  if (a.stdin !== undefined) {
    const s = a.stdin as { line: string; success?: string; value?: string };
    return { kind: 'stdin', line: s.line, success: s.success, value: s.value, timeoutMs: timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS };
  }
  if (a.command !== undefined) {
    const c = a.command as { run: string | string[]; value?: string };
    return { kind: 'command', command: c.run, value: c.value, timeoutMs: timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS };
  }
  const h = a.http as {
    method?: string;
    url: string;
    headers?: Record<string, string>;
    body?: string;
    successStatus?: number[];
    valuePointer?: string;
  };
  return {
    kind: 'http',
    method: h.method ?? (h.body === undefined ? 'GET' : 'POST'),
    url: h.url,
    headers: { ...(h.body !== undefined ? { 'content-type': 'application/json' } : {}), ...h.headers },
    body: h.body,
    successStatus: h.successStatus,
    valuePointer: h.valuePointer,
    timeoutMs: timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS,
  };
}
