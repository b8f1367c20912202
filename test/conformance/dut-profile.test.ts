import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_TIMERS,
  bootstrapLaunch,
  describeLaunch,
  factoryLaunch,
  ProfileError,
  dutSummary,
  loadDutProfile,
  parseDutProfile,
  startupTimeoutMs,
  timersForReport,
} from '../../src/conformance/dut-profile';

const root = path.join(__dirname, '..', '..');
const FILE = 'duts/my-client.yaml';

const minimal = `name: My client
role: client
lwm2mVersion: "1.1"
endpoint: ep-1
launch:
  command: ./client -h {host} -p {port}
`;

/** The ProfileError a source raises (fails the test when it parses). */
function problemsOf(source: string): ProfileError {
  try {
    parseDutProfile(source, FILE);
  } catch (e) {
    if (e instanceof ProfileError) return e;
    throw e;
  }
  assert.fail('expected a ProfileError');
}

function assertProblem(err: ProfileError, field: string, pattern: RegExp): void {
  const p = err.problems.find((x) => x.field === field);
  assert.ok(p, `no problem at ${field}; got:\n${err.message}`);
  assert.match(p.message, pattern);
  assert.ok(err.message.includes(`${FILE}:${p.line}: ${field || '(document)'}: `), err.message);
}

test('the shipped reference client profiles load with their declared values', () => {
  const p = loadDutProfile(path.join(root, 'fixtures/duts/reference-client.yaml'));
  assert.equal(p.lwm2mVersion, '1.1');
  assert.equal(p.role, 'client');
  assert.equal(p.endpoint, 'urn:dev:ref-0001');
  // Small timers, so that the suite against the reference client runs in seconds.
  const t = p.timers;
  assert.ok(
    t.shortLifetime < DEFAULT_TIMERS.shortLifetime && t.extendedLifetime[1] < DEFAULT_TIMERS.extendedLifetime[1],
    JSON.stringify(t),
  );
  assert.ok(t.registrationTimeoutMs < DEFAULT_TIMERS.registrationTimeoutMs, JSON.stringify(t));
  assert.equal(p.timers.lifetime, 30);
  assert.equal(p.declared.device?.serialNumber, '345000123');
  assert.equal(p.declared.device?.firmwareVersion, '1.0');
  assert.deepEqual(p.ics, [
    'server-disable',
    'format-text',
    'format-cbor',
    'format-tlv',
    'format-json',
    'format-senml-json',
    'format-senml-cbor',
    'composite',
    'object-16',
    'object-4',
    'object-5',
    'object-6',
    'object-7',
    'firmware-push',
    'firmware-pull',
    'send',
    'mute-send',
    'observe-composite',
    'bootstrap-client-initiated',
    'bootstrap-server-initiated',
    'bootstrap-factory',
    'object-2',
    'multi-server',
    'object-10',
    'object-11',
    'object-19',
    'object-20',
    'transport-tcp',
  ]);
  // One profile runs every case: the bootstrap cases start the client by launch.bootstrap.
  assert.equal(bootstrapLaunch(p.launch)?.kind, 'command');
  assert.match(String((bootstrapLaunch(p.launch) as { command: string }).command), /--bootstrap \{bootstrap_uri\}/);
  assert.equal(p.firmware?.packages, 'reference');
  assert.equal(p.firmware?.storageBytes, 524288);
  assert.equal(p.declared.sendTrigger, 'execute /3442/0/5');
  assert.ok(Object.keys(t.attributeSeconds).length > 0 && t.attributeSeconds['15'] < 15, 'short pmin/pmax for a fast run');
  assert.equal(p.launch.kind, 'command');
  assert.equal(p.dir, path.join(root, 'fixtures/duts'));

  const old = loadDutProfile(path.join(root, 'fixtures/duts/reference-client-1.0.yaml'));
  assert.equal(old.lwm2mVersion, '1.0');
  assert.ok(old.launch.kind === 'command' && String(old.launch.command).endsWith('--lwm2m-version 1.0'));
  assert.equal(dutSummary(old).launch, String(old.launch.command));
});

test('a firmware section: defaults filled in; a bad block size and an unknown package kind are named', () => {
  const base = 'name: x\nrole: client\nlwm2mVersion: "1.1"\nendpoint: e\nlaunch: manual\n';
  const ok = parseDutProfile(base + 'firmware: { packages: { valid: fw.bin } }\n', 'p.yaml');
  assert.deepEqual(ok.firmware, {
    packages: { valid: 'fw.bin' },
    newVersion: undefined,
    packageSize: 16384,
    storageBytes: undefined,
    ramBytes: undefined,
    blockSize: 1024,
    pullScheme: 'http',
    pollIntervalMs: 200,
  });
  assert.throws(
    () => parseDutProfile(base + 'firmware: { packages: { good: fw.bin }, blockSize: 100 }\n', 'p.yaml'),
    (e: Error) => /firmware\.packages\.good: unknown key/.test(e.message) && /firmware\.blockSize: expected a block size/.test(e.message),
  );
});

test('every shipped profile is valid', () => {
  const dir = path.join(root, 'fixtures/duts');
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 2);
  for (const f of files) assert.doesNotThrow(() => loadDutProfile(path.join(dir, f)), f);
});

test('defaults are applied to a minimal profile', () => {
  const p = parseDutProfile(minimal, FILE);
  assert.deepEqual(p.timers, DEFAULT_TIMERS);
  assert.notEqual(p.timers.extendedLifetime, DEFAULT_TIMERS.extendedLifetime, 'defaults are copied, not shared');
  assert.deepEqual(p.server, { host: '127.0.0.1', port: 0 });
  assert.deepEqual(p.security, { mode: 'nosec' });
  assert.deepEqual(p.launch, {
    kind: 'command',
    command: './client -h {host} -p {port}',
    cwd: '.',
    env: {},
    stop: { signal: 'SIGTERM', timeoutMs: 2000 },
  });
  assert.deepEqual(p.ics, []);
  assert.equal(timersForReport(p.timers).extendedLifetime, '60 s then 120 s');
});

test('an unquoted version number is read as the version', () => {
  assert.equal(parseDutProfile(minimal.replace('"1.1"', '1.1'), FILE).lwm2mVersion, '1.1');
  assert.equal(parseDutProfile(minimal.replace('"1.1"', '1.0'), FILE).lwm2mVersion, '1.0');
  assertProblem(problemsOf(minimal.replace('"1.1"', '1.3')), 'lwm2mVersion', /expected "1.0", "1.1" or "1.2", found number 1.3/);
});

test('launch forms: manual word, manual mapping, argv list, stdin stop', () => {
  const manual = parseDutProfile(minimal.replace(/launch:[^]*$/, 'launch: manual\n'), FILE);
  assert.ok(manual.launch.kind === 'manual' && /\{uri\}.*\{endpoint\}/.test(manual.launch.instructions));
  const server = parseDutProfile(
    minimal
      .replace('role: client', 'role: server')
      .replace('endpoint: ep-1\n', '')
      .replace(/launch:[^]*$/, 'launch: manual\n'),
    FILE,
  );
  assert.deepEqual(server.launch, { kind: 'manual', instructions: 'Start the LwM2M server under test now.', timeoutMs: 120000 });

  const custom = parseDutProfile(
    minimal.replace(/launch:[^]*$/, 'launch: { manual: { instructions: "Power on; server {uri}", timeoutMs: 5000 } }\n'),
    FILE,
  );
  assert.deepEqual(custom.launch, { kind: 'manual', instructions: 'Power on; server {uri}', timeoutMs: 5000 });
  assert.equal(startupTimeoutMs(custom), 5000);
  assert.equal(startupTimeoutMs(parseDutProfile(minimal, FILE)), DEFAULT_TIMERS.registrationTimeoutMs);

  const list = parseDutProfile(
    minimal.replace(
      /launch:[^]*$/,
      'launch:\n  command: [./client, "-u", "{uri}"]\n  cwd: bin\n  env: { LOG: debug }\n  stop: { stdin: "q\\n", timeoutMs: 100 }\n',
    ),
    FILE,
  );
  assert.deepEqual(list.launch, {
    kind: 'command',
    command: ['./client', '-u', '{uri}'],
    cwd: 'bin',
    env: { LOG: 'debug' },
    stop: { stdin: 'q\n', timeoutMs: 100 },
  });
});

test('server host may be an IPv4 or IPv6 address or a host name', () => {
  for (const host of ['10.1.2.3', '::1', 'lab-server.example.com', 'localhost']) {
    assert.equal(parseDutProfile(`${minimal}server: { host: "${host}", port: 5683 }\n`, FILE).server.host, host);
  }
});

test('psk security keys are read from hex or text', () => {
  const p = parseDutProfile(`${minimal}security: { mode: psk, identity: dev1, key: { hex: "0A0b" } }\n`, FILE);
  assert.deepEqual(p.security, { mode: 'psk', identity: Buffer.from('dev1'), key: Buffer.from([0x0a, 0x0b]) });
  const t = parseDutProfile(`${minimal}security: { mode: psk, identity: { hex: "6964" }, key: { text: "secret" } }\n`, FILE);
  assert.deepEqual(t.security, { mode: 'psk', identity: Buffer.from('id'), key: Buffer.from('secret') });
});

test('each kind of mistake names the file, line, field, what was expected and found', () => {
  const cases: [string, string, RegExp][] = [
    [minimal.replace('role: client', 'role: clinet'), 'role', /expected one of client, server, bootstrap-server, found "clinet"/],
    [`${minimal}  stop: { signal: SIGFOO }\n`, 'launch.stop.signal', /expected a signal name such as SIGTERM.*found "SIGFOO"/],
    [
      `${minimal}  stop: [{ signal: SIGINT, stdin: "q" }]\n`,
      'launch.stop[0]',
      /one of stdin, closeStdin, signal in each step of a list, found several/,
    ],
    [`${minimal}  stop: { closeStdin: false }\n`, 'launch.stop.closeStdin', /expected true/],
    [`${minimal}  stop: []\n`, 'launch.stop', /at least one stop step/],
    [`${minimal}  output: { keep: "([a-z" }\n`, 'launch.output.keep', /expected a regular expression/],
    [`${minimal}  output: { firstLines: -1 }\n`, 'launch.output.firstLines', /expected an integer of at least 0/],
    [`${minimal}  restartOnExit: yes\n`, 'launch.restartOnExit', /expected true or false, found "yes"/],
    [`${minimal}  stop: { timeoutMs: -5 }\n`, 'launch.stop.timeoutMs', /expected a positive integer, found number -5/],
    [`${minimal}server: { port: 70000 }\n`, 'server.port', /expected an integer from 0 to 65535, found number 70000/],
    [
      `${minimal}server: { host: "coap://10.0.0.1:5683" }\n`,
      'server.host',
      /expected a host name or IP address .*found "coap:\/\/10\.0\.0\.1:5683"/,
    ],
    [`${minimal}timers: { lifetime: "30" }\n`, 'timers.lifetime', /expected a positive integer, found "30"/],
    [`${minimal}timers: { extendedLifetime: [60] }\n`, 'timers.extendedLifetime', /expected a list of 2 items, found a list/],
    [
      `${minimal}timers: { extendedLifetime: [120, 60] }\n`,
      'timers.extendedLifetime',
      /second lifetime to be longer than the first, found \[120, 60\]/,
    ],
    [
      `${minimal}declared: { device: { firmwareVersion: 1.0 } }\n`,
      'declared.device.firmwareVersion',
      /expected a non-empty string, found number 1 \(put the value in quotes\)/,
    ],
    [`${minimal}declared: { serverShortId: 65535 }\n`, 'declared.serverShortId', /from 1 to 65534/],
    [`${minimal}security: { mode: psk, identity: x, key: { hex: "abc" } }\n`, 'security.key.hex', /even number of hex digits, found "abc"/],
    [`${minimal}security: { mode: psk, identity: x }\n`, 'security.key', /required, but missing/],
    [`${minimal}security: { mode: tls }\n`, 'security.mode', /expected one of nosec, psk, rpk, x509, found "tls"/],
    [minimal.replace('{port}', '{prot}'), 'launch.command', /unknown placeholder \{prot\} \(expected one of \{uri\}, \{host\}/],
    [
      minimal.replace(/launch:[^]*$/, 'launch: automatic\n'),
      'launch',
      /expected the word manual or a mapping with command, found "automatic"/,
    ],
    [minimal.replace(/launch:[^]*$/, 'launch: { cwd: . }\n'), 'launch.command', /required, but missing/],
    [
      minimal.replace(/launch:[^]*$/, 'launch: { manual: {}, command: x }\n'),
      'launch',
      /either manual or command, found manual together with command/,
    ],
    [minimal.replace('endpoint: ep-1\n', ''), 'endpoint', /required when role is client/],
    [
      minimal.replace('role: client', 'role: server').replace('endpoint: ep-1\n', '').replace('{port}', '{endpoint}'),
      'endpoint',
      /required because the launch uses \{endpoint\}/,
    ],
    [
      `${minimal}  env: { X: "{harness}" }\n`,
      'launch.env.X',
      /^unknown placeholder \{harness\} \(expected one of \{uri\}, \{host\}, \{port\}, \{endpoint\}, \{lifetime\}(?!.*\{harness\})/,
    ],
    [minimal.replace('name: My client\n', ''), 'name', /required, but missing/],
    [minimal.replace('name: My client', 'name:'), 'name', /expected a value, found an empty value/],
  ];
  for (const [source, field, pattern] of cases) assertProblem(problemsOf(source), field, pattern);
});

test('stop: a line, end of input and a signal in one mapping share its wait; a list gives each step its own', () => {
  const one = parseDutProfile(`${minimal}  stop: { stdin: "quit\\n", closeStdin: true, signal: SIGINT, timeoutMs: 700 }\n`, FILE);
  assert.equal(one.launch.kind, 'command');
  assert.deepEqual(one.launch.kind === 'command' && one.launch.stop, [
    { stdin: 'quit\n', timeoutMs: 700 },
    { closeStdin: true, timeoutMs: 700 },
    { signal: 'SIGINT', timeoutMs: 700 },
  ]);
  const eof = parseDutProfile(`${minimal}  stop: { closeStdin: true }\n`, FILE);
  assert.deepEqual(eof.launch.kind === 'command' && eof.launch.stop, { closeStdin: true, timeoutMs: 2000 });
  const list = parseDutProfile(`${minimal}  stop: [{ closeStdin: true, timeoutMs: 3000 }, { signal: SIGTERM }]\n`, FILE);
  assert.deepEqual(list.launch.kind === 'command' && list.launch.stop, [
    { closeStdin: true, timeoutMs: 3000 },
    { signal: 'SIGTERM', timeoutMs: 2000 },
  ]);
});

test('launch.output and launch.restartOnExit are read when given, absent otherwise', () => {
  const p = parseDutProfile(`${minimal}  output: { keep: ["ERROR", "^registered"], lastLines: 20 }\n  restartOnExit: true\n`, FILE);
  assert.ok(p.launch.kind === 'command');
  assert.deepEqual(p.launch.output, { keep: ['ERROR', '^registered'], firstLines: 100, lastLines: 20 });
  assert.equal(p.launch.restartOnExit, true);
  const single = parseDutProfile(`${minimal}  output: { keep: "fatal" }\n`, FILE);
  assert.deepEqual(single.launch.kind === 'command' && single.launch.output?.keep, ['fatal']);
  const none = parseDutProfile(minimal, FILE);
  assert.ok(none.launch.kind === 'command' && !('output' in none.launch) && !('restartOnExit' in none.launch));
});

test('problem lines point at the offending field', () => {
  const err = problemsOf(`${minimal}  stop: { signal: SIGFOO }\n`);
  assert.equal(err.problems[0].line, 7);
  assert.match(err.message, /duts\/my-client\.yaml:7: launch\.stop\.signal: /);
});

test('unknown keys are errors, with the keys that are allowed', () => {
  const err = problemsOf(`${minimal}  stopp: { signal: SIGINT }\ntimer: { lifetime: 5 }\n`);
  assertProblem(
    err,
    'launch.stopp',
    /unknown key \(expected one of command, cwd, env, stop, output, restartOnExit, bootstrap, factory, manual\)/,
  );
  assertProblem(err, 'timer', /unknown key \(expected one of name, role, lwm2mVersion/);
});

test('names that objects inherit (constructor, __proto__, toString) are unknown keys and features like any other', () => {
  const err = problemsOf(`${minimal}constructor: 1\n__proto__: { name: x }\nics: [toString]\n`);
  assertProblem(err, 'constructor', /unknown key/);
  assertProblem(err, '__proto__', /unknown key/);
  assertProblem(err, 'ics[0]', /expected an optional feature name/);
  const env = parseDutProfile(`${minimal}  env: { __proto__: "{uri}" }\n`, FILE);
  assert.ok(env.launch.kind === 'command' && Object.hasOwn(env.launch.env, '__proto__'));
});

test('a duplicate key is an error naming its field and line', () => {
  const err = problemsOf(`${minimal}  stop: { signal: SIGINT }\n  stop: { signal: SIGTERM }\n`);
  assert.equal(err.problems.length, 1);
  assert.equal(err.problems[0].field, 'launch.stop');
  assert.equal(err.problems[0].line, 8);
  assert.match(err.message, /my-client\.yaml:8: launch\.stop: duplicate key/);
});

test('an unknown ICS name is an error listing the valid ones', () => {
  const err = problemsOf(`${minimal}ics: [format-tlv, format-xml]\n`);
  assertProblem(err, 'ics[1]', /expected an optional feature name, one of: server-disable, format-text,.*sms, found "format-xml"/);
  assert.equal(err.problems.length, 1);
});

test('all problems are collected and reported together', () => {
  const err = problemsOf(`name: 7
role: printer
lwm2mVersion: "2.0"
launch: { command: "", stop: { signal: HUP } }
timers: { lifetime: 0, responseTimeoutMs: fast }
colour: blue
`);
  const fields = err.problems.map((p) => p.field).sort();
  assert.deepEqual(fields, [
    'colour',
    'launch.command',
    'launch.stop.signal',
    'lwm2mVersion',
    'name',
    'role',
    'timers.lifetime',
    'timers.responseTimeoutMs',
  ]);
  assert.match(err.message, /^Invalid DUT profile duts\/my-client\.yaml \(8 problems\):/);
});

test('YAML syntax errors, empty files, non-mapping documents and missing files are ProfileErrors', () => {
  assert.match(problemsOf('name: [unclosed\n').message, /YAML syntax/);
  assert.match(problemsOf('*nowhere\n').message, /\(document\): YAML: Unresolved alias/);
  assertProblem(problemsOf(''), '', /expected a mapping with name, role/);
  assertProblem(problemsOf('- a\n- b\n'), '', /found a list/);
  assert.throws(
    () => loadDutProfile('/nonexistent/dut.yaml'),
    (e: unknown) => e instanceof ProfileError && /\/nonexistent\/dut\.yaml.*cannot read the file/.test(e.message),
  );
});

test('the shipped JSON Schema lists every ICS feature and timer the harness knows (npm run schema rewrites it)', async () => {
  const { shippedSchema, SCHEMA_FILE } = await import('../../src/conformance/profile-schema');
  const { SCHEMA_VOCABULARY } = await import('../../src/conformance/dut-profile');
  const fs = await import('node:fs');
  assert.deepEqual(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')), shippedSchema(SCHEMA_VOCABULARY));
});

test('launch.bootstrap: the bootstrap cases use it in place of command, sharing cwd, env and stop', () => {
  const p = parseDutProfile(
    minimal + `  bootstrap: [./client, -b, "{bootstrap_uri}"]\n  env: { MODE: test }\n  stop: { signal: SIGINT }\n`,
    FILE,
  );
  const bs = bootstrapLaunch(p.launch);
  assert.ok(bs && bs.kind === 'command');
  assert.deepEqual(bs.command, ['./client', '-b', '{bootstrap_uri}']);
  assert.deepEqual(bs.env, { MODE: 'test' });
  assert.deepEqual(bs.stop, { signal: 'SIGINT', timeoutMs: 2000 });
  assert.equal('bootstrap' in bs, false);
  assert.equal(describeLaunch(p.launch), './client -h {host} -p {port}; for bootstrap: ./client -b {bootstrap_uri}');
  // Without launch.bootstrap: the launch itself when it names the Test Bootstrap Server, else none.
  assert.equal(bootstrapLaunch(parseDutProfile(minimal, FILE).launch), undefined);
  const old = parseDutProfile(minimal.replace('-h {host} -p {port}', '-b {bootstrap_uri}'), FILE);
  assert.equal(bootstrapLaunch(old.launch), old.launch);
});

test('launch.bootstrap: a command that names no Test Bootstrap Server, a bad placeholder or a manual launch is an error naming the field', () => {
  assertProblem(
    problemsOf(minimal + '  bootstrap: ./client -u {uri}\n'),
    'launch.bootstrap',
    /expected a command that gives the DUT the Test Bootstrap Server with \{bootstrap_uri\}, \{bootstrap_host\}, \{bootstrap_port\}/,
  );
  assertProblem(problemsOf(minimal + '  bootstrap: ./client -b {bootstrap}\n'), 'launch.bootstrap', /unknown placeholder \{bootstrap\}/);
  assertProblem(problemsOf(minimal + '  bootstrap: 42\n'), 'launch.bootstrap', /expected a non-empty string/);
  const manual = minimal.replace('  command: ./client -h {host} -p {port}\n', '  manual: {}\n  bootstrap: ./client -b {bootstrap_uri}\n');
  assertProblem(problemsOf(manual), 'launch', /found manual together with bootstrap/);
});

test('launch.factory: int-6 starts the DUT with both accounts by it, sharing cwd, env and stop; else by a launch naming both servers', () => {
  const p = parseDutProfile(
    minimal +
      `  bootstrap: ./client -b {bootstrap_uri}\n  factory: [./client, -u, "{uri}", -b, "{bootstrap_uri}"]\n  env: { MODE: test }\n`,
    FILE,
  );
  const f = factoryLaunch(p.launch);
  assert.ok(f && f.kind === 'command');
  assert.deepEqual(f.command, ['./client', '-u', '{uri}', '-b', '{bootstrap_uri}']);
  assert.deepEqual(f.env, { MODE: 'test' });
  assert.equal('factory' in f || 'bootstrap' in f, false);
  assert.equal('factory' in bootstrapLaunch(p.launch)!, false);
  assert.match(
    describeLaunch(p.launch),
    /; for bootstrap: \.\/client -b \{bootstrap_uri\}; with both accounts: \.\/client -u \{uri\} -b \{bootstrap_uri\}$/,
  );
  // Without launch.factory: the launch itself only when it names both servers.
  assert.equal(factoryLaunch(parseDutProfile(minimal, FILE).launch), undefined);
  const both = parseDutProfile(minimal.replace('-h {host} -p {port}', '-h {host} -p {port} -b {bootstrap_uri}'), FILE);
  assert.equal(factoryLaunch(both.launch), both.launch);
  const manual = parseDutProfile(
    minimal.replace(
      '  command: ./client -h {host} -p {port}\n',
      '  manual: { instructions: "Flash {uri} and {bootstrap_uri}, then power on" }\n',
    ),
    FILE,
  );
  assert.equal(factoryLaunch(manual.launch), manual.launch);
});

test('launch.factory: a command without both servers, or beside manual, is an error naming the field', () => {
  assertProblem(
    problemsOf(minimal + '  factory: ./client -b {bootstrap_uri}\n'),
    'launch.factory',
    /also gives the DUT its LwM2M Server account with \{uri\}, \{host\}, \{port\}/,
  );
  assertProblem(problemsOf(minimal + '  factory: ./client -u {uri}\n'), 'launch.factory', /Test Bootstrap Server with \{bootstrap_uri\}/);
  const manual = minimal.replace(
    '  command: ./client -h {host} -p {port}\n',
    '  manual: {}\n  factory: ./client -u {uri} -b {bootstrap_uri}\n',
  );
  assertProblem(problemsOf(manual), 'launch', /found manual together with factory/);
});
