/** A RunResult with one case of each verdict, an unfinished case, and hostile DUT strings. */
import type { CaseResult, RunResult, StepResult } from '../../src/conformance/results';
import type { TraceEntry } from '../../src/trace/trace';
import { etsCatalogue } from '../../src/conformance/ets-catalogue';

/** A DUT name that would run script if any reporter forgot to escape it. */
export const HOSTILE_NAME = '<script>alert(1)</script> & "Acme" <b>client</b>';
export const HOSTILE_ENDPOINT = 'ep-<img src=x onerror="window.__pwned=1">\u0001\u0007';
/** A payload with an XML-illegal control character and a lone surrogate. */
export const HOSTILE_PAYLOAD = 'bad\u0000byte \uD800 ]]> </system-out><script>window.__pwned=2</script>';

const T0 = Date.parse('2026-11-27T14:05:03.250Z');

// A real LwM2M Register request and its 2.01 answer, encoded by hand from RFC 7252.
const REGISTER = Buffer.concat([
  Buffer.from('44021234' + '0a1b2c3d', 'hex'), // CON POST, MID 0x1234, token 0a1b2c3d
  Buffer.from('b27264', 'hex'), // Uri-Path "rd"
  Buffer.from('1128', 'hex'), // Content-Format 40
  Buffer.from([0x39]),
  Buffer.from('ep=node-1'), // Uri-Query
  Buffer.from([0x05]),
  Buffer.from('lt=30'), // Uri-Query
  Buffer.from([0xff]),
  Buffer.from('</1/1>,</3/0>'),
]);
const CREATED = Buffer.from('644112340a1b2c3d' + '827264' + '0435613366', 'hex'); // ACK 2.01 Location-Path rd/5a3f
const BAD_REQUEST = Buffer.from('648012340a1b2c3d', 'hex'); // ACK 4.00

/** The harness receives the Register and answers 2.01, or (playing the client) sends it and gets 4.00. */
function registerTrace(t: number, answer: 'created' | 'bad-request'): TraceEntry[] {
  const peer = '127.0.0.1:40211';
  const local = '127.0.0.1:5683';
  const ok = answer === 'created';
  return [
    { t, layer: 'harness', direction: 'note', summary: 'case started' },
    {
      t: t + 3,
      layer: 'coap',
      direction: ok ? 'in' : 'out',
      local,
      peer,
      hex: REGISTER.toString('hex'),
      summary: 'CON POST /rd?ep=node-1&lt=30 MID=4660 T=0a1b2c3d',
      detail: {
        type: 'CON',
        code: '0.02',
        mid: 4660,
        token: '0a1b2c3d',
        options: { 'Uri-Path': ['rd'], 'Content-Format': 40, 'Uri-Query': ['ep=node-1', 'lt=30'] },
        payload: '</1/1>,</3/0>',
      },
    },
    ok
      ? {
          t: t + 5,
          layer: 'coap',
          direction: 'out',
          local,
          peer,
          hex: CREATED.toString('hex'),
          summary: 'ACK 2.01 Created Location-Path=/rd/5a3f MID=4660',
          detail: { code: '2.01', location: ['rd', '5a3f'] },
        }
      : {
          t: t + 5,
          layer: 'coap',
          direction: 'in',
          local,
          peer,
          hex: BAD_REQUEST.toString('hex'),
          summary: 'ACK 4.00 Bad Request MID=4660',
          problem: 'the DUT answered 4.00 Bad Request',
          detail: { code: '4.00', extra: 12345678901234567890n },
        },
  ];
}

function step(keyword: string, textValue: string, status: StepResult['status'], error?: string): StepResult {
  return { keyword, text: textValue, status, durationMs: 2, ...(error ? { error } : {}) };
}

function baseCase(id: string, title: string, iface: string, verdict: CaseResult['verdict']): CaseResult {
  return {
    id,
    title,
    interface: iface,
    verdict,
    durationMs: 120,
    tags: [`@${id}`, '@lwm2m-1.1', '@dut-client'],
    steps: [],
    trace: [],
    featureFile: `features/registration/${id}.feature`,
  };
}

export function sampleCases(): CaseResult[] {
  const pass: CaseResult = {
    ...baseCase('LightweightM2M-1.1-int-101', 'Initial Registration', 'Registration', 'PASS'),
    steps: [
      step('Given ', 'the client is not registered', 'passed'),
      step('When ', '(1) the client registers', 'passed'),
      step('Then ', '(A) the Test Server answers 2.01 Created', 'passed'),
    ],
    trace: registerTrace(T0, 'created'),
  };
  const fail: CaseResult = {
    ...baseCase('LightweightM2M-1.1-int-102', 'Registration Update', 'Registration', 'FAIL'),
    reason: 'The Register was refused, so no Update could follow.',
    diagnosis: {
      criterion: 'B, C',
      expected: '2.01 Created with Location-Path',
      actual: '4.00 Bad Request',
      message: 'Pass criterion B failed: the Register got 4.00 Bad Request.',
    },
    steps: [
      step('Given ', 'the client is registered', 'passed'),
      step('Then ', '(B, C) the client receives 2.01 Created with Location-Path', 'failed', 'AssertionError: expected 2.01, got 4.00'),
      step('And ', '(D) the client sends an Update', 'skipped'),
    ],
    trace: [
      ...registerTrace(T0 + 1000, 'bad-request'),
      { t: T0 + 1010, layer: 'dut', direction: 'note', summary: `DUT stdout: ${HOSTILE_PAYLOAD}` },
    ],
    durationMs: 1534,
  };
  const inconc: CaseResult = {
    ...baseCase('LightweightM2M-1.1-int-103', 'Deregistration', 'Registration', 'INCONC'),
    reason: 'Precondition not met: the client never registered.',
    diagnosis: {
      criterion: 'precondition',
      expected: 'a Register within 5 s',
      actual: 'nothing arrived',
      message: 'The client did not register within 5 s.',
    },
    steps: [step('Given ', 'the client is registered', 'failed', 'Timeout: no Register within 5000 ms')],
  };
  const na: CaseResult = {
    ...baseCase('LightweightM2M-1.1-int-0', 'Client Initiated Bootstrap', 'Bootstrap', 'N/A'),
    reason: 'The ICS does not declare bootstrap.',
    durationMs: 0,
  };
  const error: CaseResult = {
    ...baseCase('LightweightM2M-1.1-int-104', 'Registration Update Trigger', 'Registration', 'ERROR'),
    reason: 'Undefined step: "the Test Server executes /1/x/8 <twice>"',
    steps: [step('When ', 'the Test Server executes /1/x/8 <twice>', 'undefined')],
  };
  const unfinished: CaseResult = {
    ...baseCase(
      'LightweightM2M-1.1-int-201',
      'Querying basic information in Plain Text format',
      'Device Management & Service Enablement',
      'ERROR',
    ),
    reason: 'The run was interrupted (SIGINT) during this case.',
    unfinished: true,
    steps: [step('Given ', 'the client is registered', 'passed'), step('When ', 'the Test Server reads /3/0/0', 'not-run')],
  };
  return [na, pass, fail, inconc, error, unfinished];
}

export function sampleRun(overrides: Partial<RunResult> = {}): RunResult {
  return {
    tool: { name: 'lwm2m-conformance', version: '0.1.0' },
    startedAt: '2026-11-27T14:05:03.000Z',
    finishedAt: '2026-11-27T14:05:09.480Z',
    interrupted: true,
    dut: {
      name: HOSTILE_NAME,
      role: 'client',
      lwm2mVersion: '1.1',
      endpoint: HOSTILE_ENDPOINT,
      profileFile: 'fixtures/duts/reference-client.yaml',
      launch: 'npx lwm2m-conformance reference-client --server {uri} --endpoint {endpoint} --lifetime {lifetime}',
      ics: ['requires-udp', 'requires-content-format-tlv', 'requires-security-nosec'],
      declared: { '/3/0/0': 'Open Mobile Alliance', '/3/0/1': 'Lightweight M2M Client', serial: 345000123n },
    },
    timers: { lifetime: '30 s', ACK_TIMEOUT: '2 s', registerDeadline: 5000 },
    tagExpression: '@lwm2m-1.1 and not @slow',
    cases: sampleCases(),
    ...overrides,
  };
}

/**
 * The sample run judged against INT 1.2: the ETS catalogue beside the sample cases, as `run`
 * builds it (int-101 … int-201 automated, everything else of the edition not run).
 */
export function catalogueRun(overrides: Partial<RunResult> = {}): RunResult {
  const automated = new Set(['int-0', 'int-101', 'int-102', 'int-103', 'int-104', 'int-201']);
  const features = [...automated].map((number) => ({
    ids: [{ edition: '1.1', id: `LightweightM2M-1.1-${number}` }],
    number,
    title: number,
    introducedIn: '1.1',
    interface: 'registration',
    role: 'client' as const,
    requires: number === 'int-0' ? ['bootstrap-client-initiated'] : number === 'int-201' ? ['format-text'] : [],
    manual: false,
    file: `features/${number}.feature`,
    tags: [],
  }));
  const ets = etsCatalogue('1.2', features, { role: 'client', lwm2mVersion: '1.1', declares: (f) => f === 'format-text' });
  return sampleRun({ ets, timing: 'fast', ...overrides });
}

/** A run of `caseCount` cases with `traceLines` trace entries spread over them (for size and speed checks). */
export function largeRun(caseCount: number, traceLines: number): RunResult {
  const base = sampleCases()[2];
  const perCase = Math.ceil(traceLines / caseCount);
  const cases: CaseResult[] = [];
  for (let i = 0; i < caseCount; i++) {
    const trace: TraceEntry[] = [];
    for (let k = 0; k < perCase && cases.length * perCase + k < traceLines; k++)
      trace.push(...registerTrace(T0 + k * 10, 'created').slice(1, 2));
    cases.push({
      ...base,
      id: `LightweightM2M-1.1-int-${1000 + i}`,
      title: `Synthetic case ${i}`,
      verdict: i % 10 === 0 ? 'FAIL' : 'PASS',
      trace,
    });
  }
  return sampleRun({ interrupted: false, cases });
}

/** An observation case (int-301 shape) whose trace holds two timeline notes of one observation and one of another. */
export function observationCase(): CaseResult {
  const timeline = (label: string, points: number[]) => ({
    timeline: {
      label,
      pminMs: 1000,
      pmaxMs: 2000,
      toleranceMs: 500,
      points: points.map((atMs, i) => ({ atMs, observe: i + 1, type: i === 0 ? 'ACK' : 'NON', value: String(3800 + i) })),
      intervalsMs: points.slice(1).map((p, i) => p - points[i]),
      watchedMs: points.at(-1)! + 500,
    },
  });
  const note = (t: number, detail: unknown) => ({
    t,
    layer: 'harness' as const,
    direction: 'note' as const,
    summary: 'observation timeline …',
    detail,
  });
  return {
    ...baseCase('LightweightM2M-1.1-int-301', 'Observation and Notification of parameter values', 'Information Reporting', 'PASS'),
    trace: [
      note(T0, timeline('/3/0/7', [0, 1500])),
      note(T0 + 10, timeline('/3/0/7', [0, 1500, 3010])),
      note(T0 + 20, timeline(`/3/0/8 ${HOSTILE_PAYLOAD}`, [0, 1800])),
      note(T0 + 30, { timeline: { label: 'malformed', points: 'x' } }),
    ],
  };
}
