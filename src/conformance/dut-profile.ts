/**
 * The DUT profile: a YAML file saying what the device under test is, how to start and stop it,
 * what it declares to hold, and which optional features it implements (the ICS).
 * Validation collects every problem, each naming file, line, field path, expected and found.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { LineCounter, parseDocument, visit, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { DutSummary } from './results';
import { KNOWN_FEATURES } from './ics';
import { schemaProblems } from './profile-schema';
import { serverDutParts, type PartProblem, type ServerDutParts } from './server-profile';

export type DutRole = 'client' | 'server' | 'bootstrap-server';
export type Lwm2mVersion = '1.0' | '1.1' | '1.2';
export const LWM2M_VERSIONS: readonly Lwm2mVersion[] = ['1.0', '1.1', '1.2'];

/** One way of asking a launched DUT to stop, and how long to wait for it to exit afterwards. */
export type StopStep = ({ signal: NodeJS.Signals } | { stdin: string } | { closeStdin: true }) & { timeoutMs: number };
/** How the harness asks a launched DUT to stop: one step, or steps in order; after the last wait, SIGKILL. */
export type StopSpec = StopStep | StopStep[];

/** What of the DUT's output the trace keeps (see docs/dut-profile.md, "Output"). */
export interface OutputSpec {
  /** Regular expressions (JavaScript syntax): matching lines are kept besides the first and last. */
  keep: string[];
  firstLines: number;
  lastLines: number;
}

export interface CommandLaunch {
  kind: 'command';
  /** A command line (split shell-like, no shell) or the argv words themselves. */
  command: string | string[];
  /** Working directory, relative to the profile file's directory; "." when not given. */
  cwd: string;
  /** Added to the harness's environment; values may hold placeholders. */
  env: Record<string, string>;
  stop: StopSpec;
  /** Present when the profile gives launch.output. */
  output?: OutputSpec;
  /** The DUT's reboot is a process exit: start it again with the same command (as a supervisor would). */
  restartOnExit?: boolean;
  /**
   * How to start the DUT from its factory bootstrap configuration (only a Bootstrap-Server
   * account, ETS C.13), in the bootstrap cases; it shares cwd, env, stop and output with `command`.
   */
  bootstrap?: string | string[];
  /**
   * How to start the DUT from a factory configuration holding both an LwM2M Server account
   * ({uri} and the profile's credentials) and a Bootstrap-Server account ({bootstrap_uri}), as
   * ETS int-6 asks; it shares cwd, env, stop and output with `command`.
   */
  factory?: string | string[];
}

export interface ManualLaunch {
  kind: 'manual';
  /** What the operator must do; placeholders are filled before printing. */
  instructions: string;
  /** How long to wait for the device to show up (e.g. its Register) after the instructions. */
  timeoutMs: number;
}

export type LaunchSpec = CommandLaunch | ManualLaunch;

export type SecuritySpec =
  | { mode: 'nosec' }
  | { mode: 'psk'; identity: Buffer; key: Buffer }
  /** File paths (relative to the profile) by field name; security.ts reads and checks the files. */
  | { mode: 'rpk' | 'x509'; settings: Record<string, string | undefined> };

export interface TimerSettings {
  /** Lifetime (s) the DUT registers with when its launch command takes {lifetime}. */
  lifetime: number;
  /** Lifetime (s) written in int-102 / int-104 / int-105. */
  shortLifetime: number;
  /** int-107: register with the first lifetime (s), then write the second. */
  extendedLifetime: [number, number];
  responseTimeoutMs: number;
  registrationTimeoutMs: number;
  coapAckTimeoutMs: number;
  /** How long past a registration's lifetime the Test Server waits before removing it. */
  lifetimeGraceMs: number;
  /** How long past the Test Server's expiry a step keeps watching for it (timer delivery). */
  expiryWatchMarginMs: number;
  /** How soon a message caused by a trigger must follow it (Update after a trigger, De-register after Disable); at most a quarter of the lifetime. */
  promptMs: number;
  /** How long a "must not send" criterion watches for the message after its positive control. */
  quietWindowMs: number;
  /** The DUT's Client Hold Off Time: how long it may wait before its Bootstrap-Request (added to registrationTimeoutMs). */
  clientHoldOffMs: number;
  /** How long a firmware download, or an install, may take before the case stops following it. */
  firmwareMs: number;
  /** A server DUT's queue mode: how long it holds a queue-mode client awake after its Register or Update (LwM2M 1.1 §6.5; MAX_TRANSMIT_WAIT). */
  queueAwakeMs: number;
  /** The one tolerance of notification timing (pmin, pmax, cancellation grace): scheduling plus transmission. */
  notificationToleranceMs: number;
  /** The attribute seconds a run writes for each value the ETS names (e.g. { 15: 3 }); unlisted values are used as the ETS gives them. */
  attributeSeconds: Record<string, number>;
  /** How long to wait for a Send (POST /dp) after its trigger. */
  sendTimeoutMs: number;
}

/** The ETS values, used where a profile gives no timer. */
/** The ICS and timer names the shipped JSON Schema takes from here. */
export const SCHEMA_VOCABULARY = {
  get features() {
    return Object.keys(KNOWN_FEATURES);
  },
  get timers() {
    return Object.entries(DEFAULT_TIMERS)
      .filter(([, v]) => typeof v === 'number')
      .map(([k]) => k);
  },
};

export const DEFAULT_TIMERS: Readonly<TimerSettings> = {
  lifetime: 86400,
  shortLifetime: 20,
  extendedLifetime: [60, 120],
  responseTimeoutMs: 5000,
  registrationTimeoutMs: 30000,
  coapAckTimeoutMs: 2000,
  lifetimeGraceMs: 1000,
  expiryWatchMarginMs: 500,
  promptMs: 5000,
  quietWindowMs: 2000,
  clientHoldOffMs: 10000,
  firmwareMs: 120000,
  queueAwakeMs: 93000,
  notificationToleranceMs: 500,
  attributeSeconds: {},
  sendTimeoutMs: 10000,
};

/** How the timers are chosen: the profile's (small, for a fast run) or the ETS's literal values. */
export type TimingMode = 'fast' | 'ets';
export const TIMING_MODES: readonly TimingMode[] = ['fast', 'ets'];

/**
 * The values the ETS texts and RFC 7252 give, for a lab's formal run (`run --timing ets`): the
 * C.1 lifetime, int-102's 20 s, int-107's 60 s then 120 s, ACK_TIMEOUT, and MAX_TRANSMIT_WAIT
 * (93 s) as the longest a DUT may take to answer. Timers the ETS does not give keep the profile's.
 */
export const ETS_TIMERS: Readonly<Partial<TimerSettings>> = {
  lifetime: 86400,
  shortLifetime: 20,
  extendedLifetime: [60, 120],
  responseTimeoutMs: 93000,
  coapAckTimeoutMs: 2000,
};

/** The profile with the timers of a timing mode. */
export function withTiming(profile: DutProfile, mode: TimingMode = 'fast'): DutProfile {
  if (mode === 'fast') return profile;
  const ets = { ...ETS_TIMERS, extendedLifetime: [...ETS_TIMERS.extendedLifetime!] as [number, number] };
  return { ...profile, timers: { ...profile.timers, ...ets } };
}

/** The firmware packages of a DUT (object /5 cases) and how the harness delivers them. */
export interface FirmwareSettings {
  /** "reference": the harness makes packages in the reference client's format (peers/firmware-package.ts). */
  packages: 'reference' | Partial<Record<FirmwarePackageKind, string>>;
  /** The Firmware Version (/3/0/3) a valid package installs (reference packages carry it). */
  newVersion?: string;
  /** Size of a generated valid package, bytes. */
  packageSize: number;
  /** The device's flash and RAM, so generated packages can exceed them. */
  storageBytes?: number;
  ramBytes?: number;
  /** Block1 size the Test Server pushes with (the DUT may ask for smaller blocks). */
  blockSize: number;
  /** The download server's protocol for pull. */
  pullScheme: 'http' | 'coap';
  /** How often the Test Server reads State and Update Result. */
  pollIntervalMs: number;
}

export const FIRMWARE_PACKAGE_KINDS = ['valid', 'oversized', 'outOfRam', 'corrupted', 'wrongType', 'installFails'] as const;
export type FirmwarePackageKind = (typeof FIRMWARE_PACKAGE_KINDS)[number];

export interface DeclaredDevice {
  manufacturer?: string;
  modelNumber?: string;
  serialNumber?: string;
  firmwareVersion?: string;
  deviceType?: string;
  hardwareVersion?: string;
  softwareVersion?: string;
  supportedBindings?: string;
}

/** Values the DUT declares to hold; pass criteria compare against these, never against constants. */
export interface DeclaredValues {
  device?: DeclaredDevice;
  /** SSID of the Test Server's account in the DUT, when known. */
  serverShortId?: number;
  /** How the DUT is made to Send (int-306, 307, 311): "execute /3442/0/5" (a path to Execute), or "schedule" (it sends on its own). */
  sendTrigger?: string;
}

export interface DutProfile {
  /** The profile file, as given to the loader. */
  file: string;
  /** Absolute directory of the profile file: launch.cwd is relative to it. */
  dir: string;
  name: string;
  role: DutRole;
  lwm2mVersion: Lwm2mVersion;
  endpoint?: string;
  launch: LaunchSpec;
  /** Where the Test Server listens (port 0 = a free port). */
  server: { host: string; port: number };
  /** Where the Test Bootstrap Server listens in bootstrap cases (port 0 = a free port). */
  bootstrapServer: { host: string; port: number };
  security: SecuritySpec;
  timers: TimerSettings;
  declared: DeclaredValues;
  /** Optional features the DUT implements, as `@requires-...` tags name them. */
  ics: string[];
  /** A server DUT: where it listens, what to capture from its output, how to make it act. */
  serverDut?: ServerDutParts;
  /** Whether several copies of the DUT may run at once (run --workers); undefined: not said. */
  parallel?: boolean;
  firmware?: FirmwareSettings;
}

/** Placeholders a launch command or manual instructions may use. */
export const LAUNCH_PLACEHOLDERS: Record<string, string> = {
  uri: 'the Test Server URI, e.g. coap://127.0.0.1:5683',
  host: "the Test Server's host",
  port: "the Test Server's port",
  endpoint: "the DUT's endpoint name from the profile",
  lifetime: 'timers.lifetime, in seconds',
  harness: "the command that runs this harness's CLI (node and its script: two words)",
  psk_identity: 'security.identity (PSK mode), as text',
  psk_key: 'security.key (PSK mode), as hex',
  client_certificate: 'security.clientCertificate (X.509 mode): path of the DUT certificate',
  client_private_key: 'security.clientPrivateKey (X.509 and RPK modes): path of the DUT private key',
  trust_anchor: 'security.clientTrustAnchor, else security.trustAnchor (X.509 mode): path of the CA the DUT trusts',
  server_public_key: 'security.publicKey (RPK mode): path of the Test Server public key',
  client_public_key: 'security.clientPublicKey (RPK mode): path of the LwM2M client raw public key (a server DUT must accept it)',
  server_certificate: 'security.certificate (X.509 mode): path of the LwM2M server certificate (a server DUT is launched with it)',
  server_private_key: 'security.privateKey (X.509 and RPK modes): path of the LwM2M server private key',
  server_trust_anchor: 'security.trustAnchor (X.509 mode): path of the CA the LwM2M server trusts for client certificates',
  oscore_master_secret: 'with ICS oscore: the OSCORE Master Secret the harness chose for this run, as hex',
  oscore_salt: 'with ICS oscore: the OSCORE Master Salt, as hex',
  oscore_sender_id:
    "with ICS oscore: the DUT's OSCORE Sender ID (the Test Server's Recipient ID; for a server DUT, the Test Client's), as hex",
  oscore_recipient_id:
    "with ICS oscore: the DUT's OSCORE Recipient ID (the Test Server's Sender ID; for a server DUT, the Test Client's), as hex",
  bootstrap_uri: 'the Test Bootstrap Server URI (bootstrap cases), e.g. coap://127.0.0.1:5783',
  bootstrap_host: "the Test Bootstrap Server's host",
  bootstrap_port: "the Test Bootstrap Server's port",
  client_certificate_der: '{client_certificate} in DER form (a file the harness writes)',
  client_private_key_der: '{client_private_key} in DER form (a file the harness writes)',
  trust_anchor_der: '{trust_anchor} in DER form (a file the harness writes)',
  server_public_key_der: '{server_public_key} in DER form (a file the harness writes)',
  client_public_key_der: '{client_public_key} in DER form (a file the harness writes)',
  server_certificate_der: '{server_certificate} in DER form (a file the harness writes)',
  server_private_key_der: '{server_private_key} in DER form (a file the harness writes)',
  server_trust_anchor_der: '{server_trust_anchor} in DER form (a file the harness writes)',
};

/** The placeholders that make a launch start the DUT from a factory bootstrap configuration. */
export const BOOTSTRAP_PLACEHOLDERS = ['bootstrap_uri', 'bootstrap_host', 'bootstrap_port'] as const;
/** The placeholders that give the DUT its LwM2M Server account. */
export const SERVER_PLACEHOLDERS = ['uri', 'host', 'port'] as const;

export const DEFAULT_STOP_TIMEOUT_MS = 2000;
export const DEFAULT_MANUAL_TIMEOUT_MS = 120000;
/** What the operator is told when the profile gives no instructions, by the DUT's role. */
const DEFAULT_MANUAL_INSTRUCTIONS: Record<DutRole, string> = {
  client: 'Start the device under test now. It must use {uri} as its LwM2M Server URI and {endpoint} as its endpoint name.',
  server: 'Start the LwM2M server under test now.',
  'bootstrap-server': 'Start the LwM2M Bootstrap-Server under test now, configured for the endpoints of bootstrapScripts.',
};

export interface ProfileProblem {
  /** Dotted field path, e.g. "launch.stop.signal"; "" for the whole document. */
  field: string;
  line?: number;
  message: string;
}

/** A profile that cannot be used; the message lists every problem found. */
export class ProfileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ProfileProblem[],
  ) {
    super(
      `Invalid DUT profile ${file} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${file}${p.line ? `:${p.line}` : ''}: ${p.field || '(document)'}: ${p.message}`).join('\n'),
    );
    this.name = 'ProfileError';
  }
}

// ---- a tiny schema helper: a rule checks one value, reports problems, returns the typed value ----

type Report = (field: string, message: string) => undefined;
type Rule<T> = (value: unknown, field: string, report: Report) => T | undefined;

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${v}`;
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}
const expected = (report: Report, field: string, what: string, v: unknown, hint = '') =>
  report(field, `expected ${what}, found ${describe(v)}${hint}`);
const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (field: string, key: string | number) => (typeof key === 'number' ? `${field}[${key}]` : field ? `${field}.${key}` : key);

const text: Rule<string> = (v, f, r) =>
  typeof v === 'string' && v.length > 0
    ? v
    : expected(r, f, 'a non-empty string', v, typeof v === 'number' ? ' (put the value in quotes)' : '');

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Rule<number> =>
  (v, f, r) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? v
      : expected(
          r,
          f,
          max < Number.MAX_SAFE_INTEGER
            ? `an integer from ${min} to ${max}`
            : min === 1
              ? 'a positive integer'
              : `an integer of at least ${min}`,
          v,
        );

const bool: Rule<boolean> = (v, f, r) => (typeof v === 'boolean' ? v : expected(r, f, 'true or false', v));

const oneOf =
  <T extends string>(values: readonly T[], what = `one of ${values.join(', ')}`): Rule<T> =>
  (v, f, r) =>
    values.includes(v as T) ? (v as T) : expected(r, f, what, v);

function listOf<T>(item: Rule<T>, size?: number): Rule<T[]> {
  return (v, f, r) => {
    if (!Array.isArray(v) || (size !== undefined && v.length !== size)) {
      return expected(r, f, size === undefined ? 'a list' : `a list of ${size} items`, v);
    }
    const out = v.map((x, i) => item(x, join(f, i), r));
    return out.every((x) => x !== undefined) ? (out as T[]) : undefined;
  };
}

const recordOf =
  <T>(item: Rule<T>): Rule<Record<string, T>> =>
  (v, f, r) => {
    if (!isMapping(v)) return expected(r, f, 'a mapping', v);
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) {
      const checked = item(x, join(f, k), r);
      // defineProperty: a key such as __proto__ must stay a plain key
      if (checked !== undefined) Object.defineProperty(out, k, { value: checked, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };

type Shape = Record<string, Rule<unknown>>;
type Fields<S extends Shape> = { [K in keyof S]?: S[K] extends Rule<infer T> ? T : never };

/** A mapping with known keys (unknown keys are problems: typos must not pass silently). */
function fields<S extends Shape>(shape: S, required: (keyof S & string)[] = []): Rule<Fields<S>> {
  return (v, f, r) => {
    if (!isMapping(v)) return expected(r, f, `a mapping with ${Object.keys(shape).join(', ')}`, v);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (!Object.hasOwn(shape, k)) r(join(f, k), `unknown key (expected one of ${Object.keys(shape).join(', ')})`);
      else if (x !== undefined && x !== null) out[k] = shape[k](x, join(f, k), r);
      else if (required.includes(k)) expected(r, join(f, k), 'a value', x);
    }
    for (const k of required) if (!Object.hasOwn(v, k)) r(join(f, k), 'required, but missing');
    return out as Fields<S>;
  };
}

/** Bytes written as { hex: "..." } or { text: "..." }. */
const bytes: Rule<Buffer> = (v, f, r) => {
  const b = fields({ hex: text, text: text })(v, f, r);
  if (!b) return undefined;
  if ((b.hex === undefined) === (b.text === undefined)) return r(f, 'expected exactly one of hex or text');
  if (b.text !== undefined) return Buffer.from(b.text, 'utf8');
  if (!/^([0-9a-fA-F]{2})+$/.test(b.hex!)) return expected(r, join(f, 'hex'), 'an even number of hex digits', b.hex);
  return Buffer.from(b.hex!, 'hex');
};

// ---- the profile's own rules ----

const SIGNALS = Object.keys(os.constants.signals) as NodeJS.Signals[];

/** Placeholders a launch text may use: {name} where name is an identifier. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A text whose {placeholders} must be known; {harness} (two argv words) only where a command is split. */
const withPlaceholders =
  (allowHarness: boolean): Rule<string> =>
  (v, f, r) => {
    const s = text(v, f, r);
    if (s === undefined) return undefined;
    const known = Object.keys(LAUNCH_PLACEHOLDERS).filter((p) => allowHarness || p !== 'harness');
    for (const m of s.matchAll(PLACEHOLDER)) {
      if (!known.includes(m[1])) r(f, `unknown placeholder {${m[1]}} (expected one of ${known.map((p) => `{${p}}`).join(', ')})`);
    }
    return s;
  };
const commandWord = withPlaceholders(true);
const placeholderText = withPlaceholders(false);

/** A host name or IP address to listen on (a URI or host:port here is a common slip). */
const host: Rule<string> = (v, f, r) =>
  typeof v === 'string' && (net.isIP(v) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(v))
    ? v
    : expected(r, f, 'a host name or IP address such as 127.0.0.1 (no scheme, no port)', v);

const version: Rule<Lwm2mVersion> = (v, f, r) => {
  // YAML reads an unquoted 1.0 as the number 1: put the ".0" back.
  const s = typeof v === 'number' ? (Number.isInteger(v) ? v.toFixed(1) : String(v)) : v;
  return LWM2M_VERSIONS.includes(s as Lwm2mVersion) ? (s as Lwm2mVersion) : expected(r, f, '"1.0", "1.1" or "1.2"', v);
};

// ---- launch: how a DUT is stopped, what of its output is kept, restart on exit (issue 18) ----

const STOP_ACTIONS = ['stdin', 'closeStdin', 'signal'] as const;

/** One stop step; a mapping may hold several actions, done in the order line, end of input, signal. */
const stopSteps: Rule<StopStep[]> = (v, f, r) => {
  const s = fields({
    signal: oneOf(SIGNALS, 'a signal name such as SIGTERM or SIGINT'),
    stdin: text,
    closeStdin: (x, g, rr) => (x === true ? true : expected(rr, g, 'true (false is the same as leaving it out)', x)),
    timeoutMs: int(1),
  })(v, f, r);
  if (!s) return undefined;
  const timeoutMs = s.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  const steps: StopStep[] = [];
  if (s.stdin !== undefined) steps.push({ stdin: s.stdin, timeoutMs });
  if (s.closeStdin) steps.push({ closeStdin: true, timeoutMs });
  if (s.signal !== undefined || steps.length === 0) steps.push({ signal: s.signal ?? 'SIGTERM', timeoutMs });
  return steps;
};

/** `stop` is a mapping (one step, or several sharing one wait) or a list of steps (each with its own wait). */
const stopRule: Rule<StopSpec> = (v, f, r) => {
  if (Array.isArray(v)) {
    if (v.length === 0) return expected(r, f, 'at least one stop step', v);
    const all = v.map((x, i) => {
      if (isMapping(x) && STOP_ACTIONS.filter((k) => x[k] !== undefined).length > 1)
        return r(join(f, i), `expected one of ${STOP_ACTIONS.join(', ')} in each step of a list, found several`);
      return stopSteps(x, join(f, i), r);
    });
    return all.every((x) => x !== undefined) ? all.flat() : undefined;
  }
  const steps = stopSteps(v, f, r);
  return steps && (steps.length === 1 ? steps[0] : steps);
};

/** A regular expression the profile gives; a syntax error is a problem naming the field. */
const pattern: Rule<string> = (v, f, r) => {
  const s = text(v, f, r);
  if (s === undefined) return undefined;
  try {
    new RegExp(s);
    return s;
  } catch (e) {
    return r(f, `expected a regular expression (JavaScript syntax): ${(e as Error).message}`);
  }
};

const outputRule: Rule<OutputSpec> = (v, f, r) => {
  const o = fields({
    keep: (x, g, rr) => (Array.isArray(x) ? listOf(pattern)(x, g, rr) : pattern(x, g, rr)),
    firstLines: int(0),
    lastLines: int(0),
  })(v, f, r);
  if (!o) return undefined;
  const keep = o.keep === undefined ? [] : Array.isArray(o.keep) ? o.keep : [o.keep];
  return { keep, firstLines: o.firstLines ?? DEFAULT_OUTPUT.firstLines, lastLines: o.lastLines ?? DEFAULT_OUTPUT.lastLines };
};

/** Lines of DUT output the trace keeps when the profile says nothing (docs/dut-profile.md states them). */
export const DEFAULT_OUTPUT: Readonly<OutputSpec> = { keep: [], firstLines: 100, lastLines: 100 };

// ---- end of the launch rules of issue 18 ----

const manualRule: Rule<ManualLaunch> = (v, f, r) => {
  const m = fields({ instructions: placeholderText, timeoutMs: int(1) })(v, f, r);
  return m && { kind: 'manual', instructions: m.instructions ?? '', timeoutMs: m.timeoutMs ?? DEFAULT_MANUAL_TIMEOUT_MS };
};

const commandRule: Rule<string | string[]> = (v, f, r) => (Array.isArray(v) ? listOf(commandWord)(v, f, r) : commandWord(v, f, r));

/** launch.bootstrap: a command like launch.command that names the Test Bootstrap Server. */
const bootstrapCommandRule: Rule<string | string[]> = (v, f, r) => {
  const c = commandRule(v, f, r);
  if (c === undefined) return undefined;
  const words = Array.isArray(c) ? c : [c];
  if (!BOOTSTRAP_PLACEHOLDERS.some((p) => words.some((w) => w.includes(`{${p}}`))))
    return r(
      f,
      `expected a command that gives the DUT the Test Bootstrap Server with ${BOOTSTRAP_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')} (found none of them)`,
    );
  return c;
};

/** launch.factory: a command like launch.command that names both the Test Server and the Test Bootstrap Server. */
const factoryCommandRule: Rule<string | string[]> = (v, f, r) => {
  const c = bootstrapCommandRule(v, f, r);
  if (c === undefined) return undefined;
  const words = Array.isArray(c) ? c : [c];
  if (!SERVER_PLACEHOLDERS.some((p) => words.some((w) => w.includes(`{${p}}`))))
    return r(
      f,
      `expected a command that also gives the DUT its LwM2M Server account with ${SERVER_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')} (found none of them)`,
    );
  return c;
};

const launchRule: Rule<LaunchSpec> = (v, f, r) => {
  if (v === 'manual') return manualRule({}, f, r);
  if (typeof v === 'string') return expected(r, f, 'the word manual or a mapping with command', v);
  const l = fields({
    command: commandRule,
    cwd: text,
    env: recordOf(placeholderText),
    stop: stopRule,
    output: outputRule,
    restartOnExit: bool,
    bootstrap: bootstrapCommandRule,
    factory: factoryCommandRule,
    manual: manualRule,
  })(v, f, r);
  if (!l) return undefined;
  if (l.manual !== undefined) {
    const extra = (['command', 'cwd', 'env', 'stop', 'output', 'restartOnExit', 'bootstrap', 'factory'] as const).filter(
      (k) => l[k] !== undefined,
    );
    if (extra.length > 0) return r(f, `expected either manual or command, found manual together with ${extra.join(', ')}`);
    return l.manual;
  }
  if (l.command === undefined)
    return isMapping(v) && Object.hasOwn(v, 'command') ? undefined : r(join(f, 'command'), 'required, but missing');
  const stop = l.stop ?? { signal: 'SIGTERM', timeoutMs: DEFAULT_STOP_TIMEOUT_MS };
  const launch: CommandLaunch = { kind: 'command', command: l.command, cwd: l.cwd ?? '.', env: l.env ?? {}, stop };
  if (l.output) launch.output = l.output;
  if (l.restartOnExit) launch.restartOnExit = true;
  if (l.bootstrap) launch.bootstrap = l.bootstrap;
  if (l.factory) launch.factory = l.factory;
  return launch;
};

const securityRule: Rule<SecuritySpec> = (v, f, r) => {
  if (!isMapping(v)) return expected(r, f, 'a mapping with mode', v);
  const mode = oneOf(['nosec', 'psk', 'rpk', 'x509'] as const)(v.mode, join(f, 'mode'), r);
  if (mode === 'nosec') return fields({ mode: text })(v, f, r) && { mode };
  if (mode === 'psk') {
    const identity: Rule<Buffer> = (x, g, rr) =>
      typeof x === 'string' ? (text(x, g, rr) ? Buffer.from(x, 'utf8') : undefined) : bytes(x, g, rr);
    const p = fields({ mode: text, identity, key: bytes }, ['identity', 'key'])(v, f, r);
    return p?.identity && p.key ? { mode, identity: p.identity, key: p.key } : undefined;
  }
  if (mode === 'x509') {
    const p = fields(
      {
        mode: text,
        certificate: text,
        privateKey: text,
        trustAnchor: text,
        clientCertificate: text,
        clientPrivateKey: text,
        clientTrustAnchor: text,
        wrongHostCertificate: text,
        wrongHostPrivateKey: text,
      },
      ['certificate', 'privateKey', 'trustAnchor'],
    )(v, f, r);
    if (!p) return undefined;
    const { mode: _m, ...settings } = p;
    return { mode, settings };
  }
  if (mode === 'rpk') {
    const p = fields({ mode: text, privateKey: text, publicKey: text, clientPublicKey: text, clientPrivateKey: text }, [
      'privateKey',
      'publicKey',
      'clientPublicKey',
    ])(v, f, r);
    if (!p) return undefined;
    const { mode: _m, ...settings } = p;
    return { mode, settings };
  }
  return undefined;
};

const icsRule: Rule<string[]> = listOf((v, f, r) => {
  if (typeof v === 'string' && Object.hasOwn(KNOWN_FEATURES, v)) return v;
  return expected(r, f, `an optional feature name, one of: ${Object.keys(KNOWN_FEATURES).join(', ')}`, v);
});

const timersRule = fields({
  lifetime: int(1),
  shortLifetime: int(1),
  extendedLifetime: listOf(int(1), 2),
  responseTimeoutMs: int(1),
  registrationTimeoutMs: int(1),
  coapAckTimeoutMs: int(1),
  lifetimeGraceMs: int(0),
  expiryWatchMarginMs: int(0),
  promptMs: int(1),
  quietWindowMs: int(1),
  clientHoldOffMs: int(0),
  firmwareMs: int(1),
  queueAwakeMs: int(0),
  notificationToleranceMs: int(0),
  attributeSeconds: (v: unknown, f: string, r: Report) => {
    const m = recordOf(int(0))(v, f, r);
    for (const k of Object.keys(m ?? {})) if (!/^[0-9]+$/.test(k)) r(join(f, k), 'expected an ETS attribute value in seconds as the key');
    return m;
  },
  sendTimeoutMs: int(1),
});

const firmwareRule: Rule<FirmwareSettings> = (v, f, r) => {
  const packages: Rule<FirmwareSettings['packages']> = (x, g, rr) =>
    x === 'reference' ? 'reference' : fields(Object.fromEntries(FIRMWARE_PACKAGE_KINDS.map((k) => [k, text])))(x, g, rr);
  const w = fields(
    {
      packages,
      newVersion: text,
      packageSize: int(1),
      storageBytes: int(1),
      ramBytes: int(1),
      blockSize: oneOf(['16', '32', '64', '128', '256', '512', '1024'], 'a block size 16..1024 (a power of two)'),
      pullScheme: oneOf(['http', 'coap'] as const),
      pollIntervalMs: int(1),
    },
    ['packages'],
  )(typeof v === 'object' && v && 'blockSize' in v ? { ...v, blockSize: String((v as { blockSize: unknown }).blockSize) } : v, f, r);
  if (!w?.packages) return undefined;
  return {
    packages: w.packages,
    newVersion: w.newVersion,
    packageSize: w.packageSize ?? 16 * 1024,
    storageBytes: w.storageBytes,
    ramBytes: w.ramBytes,
    blockSize: Number(w.blockSize ?? 1024),
    pullScheme: w.pullScheme ?? 'http',
    pollIntervalMs: w.pollIntervalMs ?? 200,
  };
};

const passThrough: Rule<unknown> = (v) => v;

const sendTrigger: Rule<string> = (v, f, r) =>
  typeof v === 'string' && (v === 'schedule' || /^execute \/\d+\/\d+\/\d+$/.test(v))
    ? v
    : expected(r, f, '"schedule" or "execute /OBJECT/INSTANCE/RESOURCE" (e.g. "execute /3442/0/5")', v);

const profileRule = fields(
  {
    name: text,
    role: oneOf(['client', 'server', 'bootstrap-server'] as const),
    lwm2mVersion: version,
    endpoint: text,
    launch: launchRule,
    server: fields({ host, port: int(0, 65535) }),
    bootstrapServer: fields({ host, port: int(0, 65535) }),
    security: securityRule,
    timers: timersRule,
    declared: fields({
      device: fields({
        manufacturer: text,
        modelNumber: text,
        serialNumber: text,
        firmwareVersion: text,
        deviceType: text,
        hardwareVersion: text,
        softwareVersion: text,
        supportedBindings: text,
      }),
      serverShortId: int(1, 65534),
      sendTrigger,
    }),
    ics: icsRule,
    // Server DUT parts: their shape is the schema's (profile-schema.ts), their meaning server-profile.ts's.
    serverUri: passThrough,
    captures: passThrough,
    actions: passThrough,
    bootstrapScripts: passThrough,
    parallel: bool,
    firmware: firmwareRule,
  },
  ['name', 'role', 'lwm2mVersion', 'launch'],
);

export interface ProfileLoadOptions {
  /** false: skip the JSON Schema (the hand rules still run), for a process whose parent checked the same file. */
  schema?: boolean;
}

/** Parses and validates a profile; throws one ProfileError listing every problem. */
export function parseDutProfile(source: string, file: string, options: ProfileLoadOptions = {}): DutProfile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: ProfileProblem[] = doc.errors.map((e) => ({
    field: fieldAt(doc, e.pos[0]),
    line: lineCounter.linePos(e.pos[0]).line,
    message: e.code === 'DUPLICATE_KEY' ? 'duplicate key (each key may appear once)' : `YAML syntax: ${e.message.split('\n')[0]}`,
  }));
  if (problems.length > 0) throw new ProfileError(file, problems);

  const report: Report = (field, message) => {
    problems.push({ field, line: lineCounter.linePos(nearestOffset(doc, field)).line, message });
    return undefined;
  };
  let data: unknown;
  try {
    data = doc.toJS(); // throws on unresolved aliases and on alias bombs
  } catch (e) {
    throw new ProfileError(file, [{ field: '', message: `YAML: ${(e as Error).message}` }]);
  }
  const p = profileRule(data, '', report);
  // The shipped JSON Schema checks the whole profile too; the rules above word the fields they know.
  const schemaFound = options.schema === false ? [] : schemaProblems(data, doc, lineCounter, SCHEMA_VOCABULARY);
  for (const s of schemaFound) if (!problems.some((x) => x.field === s.field)) problems.push(s);
  let serverDut: ServerDutParts | undefined;
  if ((p?.role === 'server' || p?.role === 'bootstrap-server') && problems.length === 0) {
    const parts: PartProblem[] = [];
    serverDut = serverDutParts(data as Record<string, unknown>, parts);
    for (const x of parts) report(x.field, x.message);
  }
  if (p) {
    if (p.launch?.kind === 'manual' && p.role && !p.launch.instructions) p.launch.instructions = DEFAULT_MANUAL_INSTRUCTIONS[p.role];
    // An endpoint problem already reported (e.g. not a string) says enough.
    if (p.endpoint === undefined && !problems.some((x) => x.field === 'endpoint')) {
      if (p.role === 'client') report('endpoint', 'required when role is client (the endpoint name the DUT registers with)');
      else if (p.launch && usesPlaceholder(p.launch, 'endpoint')) report('endpoint', 'required because the launch uses {endpoint}');
    }
    const ext = p.timers?.extendedLifetime;
    if (ext && ext[1] <= ext[0])
      report('timers.extendedLifetime', `expected the second lifetime to be longer than the first, found [${ext.join(', ')}]`);
  }
  if (problems.length > 0 || !p) throw new ProfileError(file, problems);
  return {
    file,
    dir: path.dirname(path.resolve(file)),
    name: p.name!,
    role: p.role!,
    lwm2mVersion: p.lwm2mVersion!,
    endpoint: p.endpoint,
    launch: p.launch!,
    server: { host: p.server?.host ?? '127.0.0.1', port: p.server?.port ?? 0 },
    bootstrapServer: { host: p.bootstrapServer?.host ?? p.server?.host ?? '127.0.0.1', port: p.bootstrapServer?.port ?? 0 },
    security: p.security ?? { mode: 'nosec' },
    timers: {
      ...DEFAULT_TIMERS,
      extendedLifetime: [...DEFAULT_TIMERS.extendedLifetime],
      attributeSeconds: {},
      ...p.timers,
    } as TimerSettings,
    declared: p.declared ?? {},
    ics: [...new Set(p.ics ?? [])],
    ...(serverDut ? { serverDut } : {}),
    parallel: p.parallel,
    ...(p.firmware ? { firmware: p.firmware } : {}),
  };
}

/** Whether the launch itself starts the DUT for bootstrap (it names the Test Bootstrap Server). */
export function startsForBootstrap(launch: LaunchSpec): boolean {
  return BOOTSTRAP_PLACEHOLDERS.some((p) => usesPlaceholder(launch, p));
}

/**
 * How to start the DUT in a bootstrap case: launch.bootstrap in place of launch.command, else the
 * launch itself when it names the Test Bootstrap Server; undefined when the profile gives no way.
 */
export function bootstrapLaunch(launch: LaunchSpec): LaunchSpec | undefined {
  if (launch.kind === 'command' && launch.bootstrap) {
    const { bootstrap, factory: _factory, ...rest } = launch;
    return { ...rest, command: bootstrap };
  }
  return startsForBootstrap(launch) ? launch : undefined;
}

/**
 * How to start the DUT with both a server account and a Bootstrap-Server account (ETS int-6):
 * launch.factory in place of launch.command, else the launch itself when it names both the Test
 * Server and the Test Bootstrap Server; undefined when the profile gives no way.
 */
export function factoryLaunch(launch: LaunchSpec): LaunchSpec | undefined {
  if (launch.kind === 'command' && launch.factory) {
    const { bootstrap: _bootstrap, factory, ...rest } = launch;
    return { ...rest, command: factory };
  }
  return startsForBootstrap(launch) && SERVER_PLACEHOLDERS.some((p) => usesPlaceholder(launch, p)) ? launch : undefined;
}

function usesPlaceholder(launch: LaunchSpec, name: string): boolean {
  const texts = launch.kind === 'manual' ? [launch.instructions] : [launch.command, Object.values(launch.env)].flat();
  return texts.some((t) => t.includes(`{${name}}`));
}

/** Reads and validates a profile file; a missing or unreadable file is a ProfileError too. */
export function loadDutProfile(file: string, options: ProfileLoadOptions = {}): DutProfile {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ProfileError(file, [{ field: '', message: `cannot read the file: ${(e as Error).message}` }]);
  }
  return parseDutProfile(source, file, options);
}

/** The field path of the map key at a source offset (for YAML errors such as duplicate keys). */
function fieldAt(doc: Document, offset: number): string {
  let found = '';
  visit(doc, {
    Pair(_key, pair, ancestors) {
      const k = pair.key;
      if (isScalar(k) && k.range && k.range[0] <= offset && offset <= k.range[1]) {
        found = [...ancestors, pair].reduce<string>((acc, node, i, all) => {
          if (isPair(node) && isScalar(node.key)) return join(acc, String(node.key.value));
          const next = all[i + 1];
          return isSeq(node) && next ? join(acc, node.items.indexOf(next as never)) : acc;
        }, '');
        return visit.BREAK;
      }
    },
  });
  return found;
}

/** The offset of the deepest node that exists along a field path such as "ics[2]" or "launch.stop". */
function nearestOffset(doc: Document, field: string): number {
  const keys = field
    .split(/\.|\[(\d+)\]/)
    .filter(Boolean)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number] } | undefined;
    if (node?.range) return node.range[0];
  }
  return 0;
}

/** How long to wait for the DUT to show up after launch: an operator gets the manual deadline. */
export function startupTimeoutMs(profile: DutProfile): number {
  return profile.launch.kind === 'manual' ? profile.launch.timeoutMs : profile.timers.registrationTimeoutMs;
}

/** One line saying how the DUT is started, for reports. */
export function describeLaunch(launch: LaunchSpec): string {
  if (launch.kind === 'manual') return 'manual (an operator starts the device)';
  const line = (c: string | string[]) => (Array.isArray(c) ? c.map((w) => (/\s/.test(w) ? JSON.stringify(w) : w)).join(' ') : c);
  const also = [
    ...(launch.bootstrap ? [`; for bootstrap: ${line(launch.bootstrap)}`] : []),
    ...(launch.factory ? [`; with both accounts: ${line(launch.factory)}`] : []),
  ];
  return line(launch.command) + also.join('');
}

/** The DUT as results.json and the report show it. */
export function dutSummary(profile: DutProfile): DutSummary {
  return {
    name: profile.name,
    role: profile.role,
    lwm2mVersion: profile.lwm2mVersion,
    endpoint: profile.endpoint,
    profileFile: profile.file,
    launch: describeLaunch(profile.launch),
    ics: profile.ics,
    declared: { ...profile.declared },
  };
}

/** Timers with units, as the report prints them. */
export function timersForReport(t: TimerSettings): Record<string, string> {
  return {
    lifetime: `${t.lifetime} s`,
    shortLifetime: `${t.shortLifetime} s`,
    extendedLifetime: `${t.extendedLifetime[0]} s then ${t.extendedLifetime[1]} s`,
    responseTimeout: `${t.responseTimeoutMs} ms`,
    registrationTimeout: `${t.registrationTimeoutMs} ms`,
    coapAckTimeout: `${t.coapAckTimeoutMs} ms`,
    lifetimeGrace: `${t.lifetimeGraceMs} ms past the lifetime before the Test Server removes a registration`,
    expiryWatchMargin: `${t.expiryWatchMarginMs} ms past that, a step still watches for the expiry`,
    prompt: `${t.promptMs} ms (at most a quarter of the lifetime) for a message a trigger causes`,
    quietWindow: `${t.quietWindowMs} ms watched for a message the DUT must not send`,
    clientHoldOff: `${t.clientHoldOffMs} ms the DUT may wait before its Bootstrap-Request`,
    firmware: `${t.firmwareMs} ms for a firmware download or install to end`,
    queueAwake: `${t.queueAwakeMs} ms a server DUT holds a queue-mode client awake after its Register or Update`,
    notificationTolerance: `${t.notificationToleranceMs} ms allowed around pmin, pmax and a cancellation, for scheduling and transmission`,
    attributeSeconds: Object.keys(t.attributeSeconds).length
      ? `the ETS's attribute seconds replaced by: ${Object.entries(t.attributeSeconds)
          .map(([ets, used]) => `${ets} s → ${used} s`)
          .join(', ')}`
      : "the ETS's own attribute values (pmin, pmax)",
    sendTimeout: `${t.sendTimeoutMs} ms for a Send after its trigger`,
  };
}
