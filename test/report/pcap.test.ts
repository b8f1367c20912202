/**
 * The pcapng captures, read back by Debian's tshark (Wireshark's dissectors, code nobody here
 * wrote): CoAP fields of a known Register exchange, addresses and ports as traced, DTLS records as
 * records, and a real PSK run against the reference client decrypted with the run's --keylog file.
 * CI installs tshark with `apt-get install -y tshark`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { casePcap, pcapFileFor } from '../../src/report';
import { decodeAsOptions, parseEndpoint, wirePackets } from '../../src/report/pcap';
import type { CaseResult } from '../../src/conformance/results';
import { Trace, type TraceEntry } from '../../src/trace/trace';
import { runHarness } from '../e2e/harness';
import { sampleCases } from './sample-run';

const TSHARK = '/usr/bin/tshark';

function tshark(file: string, args: string[]): string[][] {
  assert.ok(fs.existsSync(TSHARK), `${TSHARK} is missing: the capture check needs Debian's tshark (apt-get install -y tshark)`);
  const r = spawnSync(TSHARK, ['-n', '-r', file, ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `tshark failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

function writeCapture(c: CaseResult): string {
  const bytes = casePcap(c, 'lwm2m-conformance test');
  assert.ok(bytes, 'the case has a capture');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-')), path.basename(pcapFileFor(c.id)));
  fs.writeFileSync(file, bytes);
  return file;
}

const FIELDS = [
  'ip.src',
  'udp.srcport',
  'ip.dst',
  'udp.dstport',
  'coap.type',
  'coap.code',
  'coap.mid',
  'coap.opt.uri_path',
  'coap.opt.uri_query',
];
const fields = (names: string[]) => ['-T', 'fields', ...names.flatMap((f) => ['-e', f])];

test('tshark reads the Register exchange of a case: CoAP type, code, MID, Uri-Path rd, the ep query; addresses and ports as traced', () => {
  const register = sampleCases().find((c) => c.id === 'LightweightM2M-1.1-int-101')!;
  const rows = tshark(writeCapture(register), [
    '-o',
    'ip.check_checksum:TRUE',
    '-o',
    'udp.check_checksum:TRUE',
    ...fields([...FIELDS, 'coap.opt.location_path', 'frame.comment', 'ip.checksum.status', 'udp.checksum.status']),
  ]);
  assert.equal(rows.length, 2, 'the Register and its answer; notes are not datagrams');
  const [req, res] = rows;
  // The Register came in from the DUT (127.0.0.1:40211) to the harness's port 5683.
  assert.deepEqual(req.slice(0, 9), ['127.0.0.1', '40211', '127.0.0.1', '5683', '0', '2', '4660', 'rd', 'ep=node-1,lt=30']);
  assert.deepEqual(res.slice(0, 7), ['127.0.0.1', '5683', '127.0.0.1', '40211', '2', '65', '4660']);
  assert.equal(res[9], 'rd,5a3f');
  assert.match(req[10], /CON POST \/rd\?ep=node-1/, 'the trace summary is the packet comment');
  for (const r of rows) assert.deepEqual(r.slice(11), ['1', '1'], 'IPv4 and UDP checksums good');
});

test('harness ports other than 5683 are named for Decode As; IPv6 and a wildcard local address come out as the peer saw them', () => {
  const entry = (over: Partial<TraceEntry>): TraceEntry => ({
    t: 1796120000000,
    layer: 'coap',
    direction: 'in',
    local: '[::]:40000',
    peer: '[::1]:50000',
    hex: '440212340a1b2c3db27264',
    summary: 'CON POST /rd',
    ...over,
  });
  const trace: TraceEntry[] = [
    entry({}),
    entry({ direction: 'out', hex: '644112340a1b2c3d', summary: 'ACK 2.01' }),
    entry({ hex: 'zz', summary: 'not hex: left out' }),
    entry({ local: undefined, summary: 'no local address: left out' }),
    entry({ direction: 'note', summary: 'a note' }),
    entry({ layer: 'harness', summary: 'not a datagram' }),
  ];
  assert.equal(wirePackets(trace).length, 2);
  assert.equal(decodeAsOptions(trace), '-d udp.port==40000,coap');
  const c: CaseResult = { ...sampleCases()[1], id: 'weird/id with spaces', trace };
  assert.equal(pcapFileFor(c.id), 'pcap/weird_id_with_spaces.pcapng');
  const rows = tshark(writeCapture(c), [
    '-o',
    'udp.check_checksum:TRUE',
    ...decodeAsOptions(trace).split(' '),
    ...fields(['ipv6.src', 'udp.srcport', 'ipv6.dst', 'udp.dstport', 'udp.checksum.status', 'coap.code', 'coap.opt.uri_path']),
  ]);
  // The wildcard [::] sends from ::1 to ::1; checksum status 1 is "good" (tshark checked it).
  assert.deepEqual(rows, [
    ['::1', '50000', '::1', '40000', '1', '2', 'rd'],
    ['::1', '40000', '::1', '50000', '1', '65', ''],
  ]);
});

test('a bounded trace: a datagram cut to its first bytes keeps its wire length, and a flood the trace did not store is said in the file', () => {
  const trace = new Trace({ maxHexBytes: 16, datagrams: { first: 2, firstBytes: 1 << 20, last: 1, matched: 0 } });
  const big = Buffer.concat([Buffer.from('440212340a1b2c3db27264ff', 'hex'), Buffer.alloc(100, 0x41)]); // POST /rd, 100-byte payload
  for (let i = 0; i < 6; i++)
    trace.record({
      layer: 'coap',
      direction: 'in',
      local: '127.0.0.1:5683',
      peer: '127.0.0.1:40211',
      hex: big.toString('hex'),
      summary: 'CON POST /rd',
    });
  const c: CaseResult = { ...sampleCases()[1], trace: trace.entries };
  const file = writeCapture(c);
  const rows = tshark(file, fields(['frame.len', 'frame.cap_len', 'ip.len', 'udp.length', 'coap.opt.uri_path']));
  assert.equal(rows.length, 3, 'the first two and the last one were stored');
  for (const r of rows)
    assert.deepEqual(r, [String(20 + 8 + big.length), String(20 + 8 + 16), String(20 + 8 + big.length), String(8 + big.length), 'rd']);
  const info = spawnSync('capinfos', ['-k', file], { encoding: 'utf8' });
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, /Not in this capture: flood: 3 coap datagrams \(3 in, 0 out/);
});

test('addresses: parseEndpoint takes what formatPeer writes and nothing else', () => {
  assert.deepEqual(parseEndpoint('127.0.0.1:5683'), { host: '127.0.0.1', port: 5683 });
  assert.deepEqual(parseEndpoint('[::1]:5684'), { host: '::1', port: 5684 });
  for (const bad of [undefined, '', 'localhost:5683', '127.0.0.1', '1.2.3.4:70000', '999.1.1.1:1', '[zz]:1'])
    assert.equal(parseEndpoint(bad), undefined, String(bad));
});

test('a PSK run against the reference client in two workers: the captures hold DTLS records, and with --keylog tshark decrypts each Register', async (t) => {
  const keylogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keylog-'));
  const keylog = path.join(keylogDir, 'dtls.keys');
  const ids = ['LightweightM2M-1.1-int-101', 'LightweightM2M-1.1-int-102'];
  const h = await runHarness([
    '--tags',
    ids.map((id) => `@${id}`).join(' or '),
    '--dut',
    'fixtures/duts/reference-client-psk.yaml',
    '--workers',
    '2',
    '--keylog',
    keylog,
    '--quiet',
  ]);
  t.after(() => fs.rmSync(h.reportDir, { recursive: true, force: true }));
  assert.equal(h.exitCode, 0, h.stderr);
  const runDir = fs.realpathSync(path.join(h.reportDir, 'latest'));
  const html = fs.readFileSync(path.join(runDir, 'report.html'), 'utf8');
  const lines = fs
    .readFileSync(keylog, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('CLIENT_RANDOM '));
  assert.ok(lines.length >= ids.length, `the key log holds a session of each case (workers write it too): ${lines.length}`);
  for (const id of ids) {
    const c = h.run!.cases.find((x) => x.id === id)!;
    assert.equal(c.verdict, 'PASS', id);
    const file = path.join(runDir, pcapFileFor(c.id));
    assert.ok(html.includes(`href="${pcapFileFor(c.id)}"`), 'the report links the capture');

    // Without the secrets: DTLS records (handshake, then application data), and no CoAP in clear.
    const records = tshark(file, fields(['dtls.record.content_type']));
    assert.ok(
      records.some((r) => r[0] === '22'),
      'handshake records',
    );
    assert.ok(
      records.some((r) => r[0] === '23'),
      'application data records',
    );
    const decodeAs = decodeAsOptions(c.trace).split(' ');
    assert.match(decodeAs.join(' '), /^-d dtls\.port==\d+,coap$/);
    assert.deepEqual(tshark(file, [...decodeAs, '-Y', 'coap', ...fields(['coap.code'])]), [], 'no CoAP readable without the keys');

    // With the key log: the Register, decrypted.
    const coap = tshark(file, [
      '-o',
      `tls.keylog_file:${keylog}`,
      ...decodeAs,
      '-Y',
      'coap.code == 2 && coap.opt.uri_path == "rd"',
      ...fields(['coap.code', 'coap.opt.uri_path', 'coap.opt.uri_query']),
    ]);
    assert.ok(coap.length >= 1, `${id}: a Register`);
    assert.equal(coap[0][1], 'rd');
    assert.ok(coap[0][2].split(',').includes('ep=urn:dev:ref-0001'), coap[0][2]);
  }

  // The secrets are in the key log only: no file of the report holds a master secret.
  const secrets = lines.map((l) => l.split(' ')[2]);
  const files = fs.readdirSync(runDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  for (const f of files) {
    const body = fs
      .readFileSync(path.join(f.parentPath ?? f.path, f.name))
      .toString('latin1')
      .toLowerCase();
    for (const s of secrets) assert.ok(!body.includes(s), `${f.name} holds no secret`);
  }
});
