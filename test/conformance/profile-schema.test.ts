/** The shipped JSON Schema of DUT profiles (ajv) and the server DUT parts (captures, actions, serverUri). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { SCHEMA_FILE, schemaProblems, type SchemaProblem } from '../../src/conformance/profile-schema';
import { serverDutParts, type PartProblem } from '../../src/conformance/server-profile';
import { KNOWN_FEATURES } from '../../src/conformance/ics';
import { ACTION_NAMES } from '../../src/conformance/actions/types';

const root = path.join(__dirname, '..', '..');

function check(source: string): SchemaProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  return schemaProblems(doc.toJS(), doc, lines);
}

const minimal = `name: My server
role: server
lwm2mVersion: "1.1"
launch: manual
serverUri: "coap://127.0.0.1:5683"
`;

function assertProblem(problems: SchemaProblem[], field: string, pattern: RegExp, line?: number) {
  const p = problems.find((x) => x.field === field);
  assert.ok(p, `no problem at ${field}; got ${JSON.stringify(problems)}`);
  assert.match(p.message, pattern);
  if (line !== undefined) assert.equal(p.line, line);
}

test('every shipped profile passes the schema and names it for editors', () => {
  const dir = path.join(root, 'fixtures', 'duts');
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 6);
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    assert.deepEqual(check(text), [], f);
    const line = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
    assert.ok(line, `${f} has no yaml-language-server schema line`);
    assert.equal(path.resolve(dir, path.dirname(f), line[1]), SCHEMA_FILE, f);
  }
});

test('the schema lists exactly the known features and actions', () => {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as {
    properties: { ics: { items: { enum: string[] } }; actions: { propertyNames: { enum: string[] } } };
  };
  assert.deepEqual(schema.properties.ics.items.enum, Object.keys(KNOWN_FEATURES));
  assert.deepEqual(schema.properties.actions.propertyNames.enum, [...ACTION_NAMES]);
});

test('each kind of mistake names its field and line, what was expected and what was found', () => {
  const all = check(`name: 7
role: printer
lwm2mVersion: "2.0"
launch: { command: "", stop: { signal: HUP }, stopp: 1 }
timers: { lifetime: 0, responseTimeoutMs: fast, extendedLifetime: [60] }
colour: blue
security: { mode: psk, identity: x, key: { hex: "abc" } }
declared: { device: { firmwareVersion: 1.0 }, serverShortId: 65535 }
ics: [format-tlv, format-xml]
server: { host: "coap://10.0.0.1:5683", port: 70000 }
`);
  assertProblem(all, 'name', /expected a non-empty string, found number 7 \(put the value in quotes\)/, 1);
  assertProblem(all, 'role', /expected one of client, server, bootstrap-server, found "printer"/, 2);
  assertProblem(all, 'lwm2mVersion', /expected "1.0", "1.1" or "1.2", found "2.0"/, 3);
  assertProblem(all, 'launch.command', /expected a non-empty string, found ""/, 4);
  assertProblem(all, 'launch.stop.signal', /expected a signal name such as SIGTERM.*found "HUP"/);
  assertProblem(
    all,
    'launch.stopp',
    /unknown key \(expected one of command, cwd, env, stop, output, restartOnExit, bootstrap, factory, manual\)/,
  );
  assertProblem(all, 'timers.lifetime', /expected a positive integer, found number 0/, 5);
  assertProblem(all, 'timers.responseTimeoutMs', /expected a positive integer, found "fast"/);
  assertProblem(all, 'timers.extendedLifetime', /expected a list of 2 items, found a list/);
  assertProblem(all, 'colour', /unknown key \(expected one of name, role, lwm2mVersion/, 6);
  assertProblem(all, 'security.key.hex', /even number of hex digits, found "abc"/, 7);
  assertProblem(all, 'declared.device.firmwareVersion', /non-empty string, found number 1 \(put the value in quotes\)/, 8);
  assertProblem(all, 'declared.serverShortId', /from 1 to 65534/);
  assertProblem(all, 'ics[1]', /expected an optional feature name, one of: server-disable, .*found "format-xml"/, 9);
  assertProblem(all, 'server.host', /expected a host name or IP address .*found "coap:\/\/10\.0\.0\.1:5683"/, 10);
  assertProblem(all, 'server.port', /expected an integer from 0 to 65535, found number 70000/);
  assert.equal(all.length, 16, JSON.stringify(all, null, 1));

  assertProblem(check(''), '', /expected a mapping with name, role/);
  assertProblem(
    check(minimal.replace('launch: manual', 'launch: automatic')),
    'launch',
    /the word manual or a mapping with command, found "automatic"/,
  );
  assertProblem(check(minimal.replace('launch: manual', 'launch: { cwd: . }')), 'launch.command', /required, but missing/);
  assertProblem(check(`${minimal}security: { mode: tls }\n`), 'security.mode', /one of nosec, psk, rpk, x509, found "tls"/);
  assertProblem(check(`${minimal}security: { mode: psk, identity: x }\n`), 'security.key', /required, but missing/);
  assertProblem(check(minimal.replace('name: My server\n', '')), 'name', /required, but missing/);
});

test('server DUT mistakes: actions, captures, serverUri', () => {
  const problems = check(`${minimal}actions:
  reed: manual
  read: { http: { url: "ftp://x" } }
  write: automatic
  execute: { http: { url: "http://h/x", method: FETCH } }
captures: { client: 5 }
serverUri: "http://x"
`);
  assertProblem(problems, 'actions.reed', /unknown key \(expected an action name, one of: read, write/, 7);
  assertProblem(problems, 'actions.read.http.url', /expected an http:\/\/ or https:\/\/ URL, found "ftp:\/\/x"/, 8);
  assertProblem(problems, 'actions.write', /the word manual or a mapping with one of http, stdin, command, manual, found "automatic"/, 9);
  assertProblem(problems, 'actions.execute.http.method', /one of GET, POST, PUT, PATCH, DELETE, found "FETCH"/);
  assertProblem(problems, 'captures.client', /non-empty string, found number 5/);
});

test('server DUT parts: defaults, placeholders checked against captures', () => {
  const text = fs.readFileSync(path.join(root, 'fixtures/duts/reference-server.yaml'), 'utf8');
  const problems: PartProblem[] = [];
  const parts = serverDutParts(parseDocument(text).toJS() as Record<string, unknown>, problems);
  assert.deepEqual(problems, []);
  assert.equal(parts.serverUri, 'coap://127.0.0.1:{coap_port}');
  const read = parts.actions.read!;
  assert.ok(read.kind === 'http');
  assert.deepEqual(
    [read.method, read.headers['content-type'], read.valuePointer, read.timeoutMs],
    ['POST', 'application/json', '/value', 5000],
  );
  assert.equal(parts.actions.execute?.kind, 'http');

  const bad: PartProblem[] = [];
  serverDutParts(
    {
      role: 'server',
      captures: { n: '(unclosed' },
      actions: {
        read: { stdin: { line: 'read {client} {path}', value: '[' } },
        write: { http: { url: 'http://x' }, stdin: { line: 'w' } },
        execute: 'manual',
        delete: { command: { run: ['rm', '{path}', '{nope}'] } },
      },
    },
    bad,
  );
  const fields = bad.map((p) => `${p.field}: ${p.message}`);
  assert.ok(
    fields.some((f) => /^captures\.n: expected a regular expression/.test(f)),
    fields.join('\n'),
  );
  assert.ok(
    fields.some((f) => /^actions\.read\.stdin\.line: unknown placeholder \{client\} \(expected one of \{endpoint\}, \{path\}/.test(f)),
    fields.join('\n'),
  );
  assert.ok(
    fields.some((f) => /^actions\.read\.stdin\.value: expected a regular expression/.test(f)),
    fields.join('\n'),
  );
  assert.ok(
    fields.some((f) => /^actions\.write: expected exactly one of http, stdin, command, manual, found http and stdin/.test(f)),
    fields.join('\n'),
  );
  assert.ok(
    fields.some((f) => /^actions\.delete\.command\.run: unknown placeholder \{nope\}/.test(f)),
    fields.join('\n'),
  );
  assert.equal(bad.length, 5, fields.join('\n'));
  assert.equal(serverDutParts({ role: 'server' }, []).serverUri, 'coap://127.0.0.1:5683');
});

test('the validator the build precompiles (ajv standalone) judges as the schema does, with the annotations problems use', async () => {
  const { precompiledValidatorSource } = await import('../../src/conformance/profile-schema');
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'profile-validator-'));
  try {
    const file = path.join(dir, 'validator.js');
    // The generated module requires ajv's runtime helpers: resolve them from this checkout.
    fs.writeFileSync(
      file,
      precompiledValidatorSource().replace(/require\("ajv\//g, `require(${JSON.stringify(root + '/node_modules/ajv/')}+"`),
    );
    const validate = require(file) as ((d: unknown) => boolean) & {
      errors?: { instancePath: string; parentSchema?: { expected?: string } }[];
    };
    const good = parseDocument(minimal).toJS();
    assert.equal(validate(good), true);
    assert.equal(validate({ ...good, role: 'printer' }), false);
    const e = validate.errors!.find((x) => x.instancePath === '/role');
    assert.ok(e?.parentSchema?.expected, 'verbose errors carry the schema annotation the problem text uses');
    assertProblem(check(minimal.replace('role: server', 'role: printer')), 'role', /expected .*client.*found "printer"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
