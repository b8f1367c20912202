/**
 * Our decoders against payloads written by an implementation nobody here wrote: Eclipse Wakaama's
 * example client (LwM2M 1.1), built locally (never committed). LWM2M_WAKAAMA names its UDP
 * lwm2mclient as shipped (TLV, OMA JSON, SenML JSON, text); LWM2M_WAKAAMA_CBOR a build of the same
 * example with WAKAAMA_DATA_SENML_CBOR=ON (its udp CMakeLists turns SenML CBOR off). A missing
 * binary makes its test skipped, not passed. To build the CBOR variant from a Wakaama checkout W:
 *   sed -e 's|SENML_CBOR OFF|SENML_CBOR ON|' -e 's|\.\./\.\./\.\./|W/|' -e 's|\.\./common/|W/examples/client/common/|g' \
 *     W/examples/client/udp/CMakeLists.txt > DIR/CMakeLists.txt
 *   cmake -G Ninja -S DIR -B DIR/build -DWAKAAMA_UNIT_TESTS=OFF && ninja -C DIR/build lwm2mclient
 * A raw UDP socket plays the server: it accepts the Register (its link format judged by us), then
 * reads /3/0 in every instance format and single values in the single-value formats.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import { decodeDatagram, encodeMessage } from '../../src/coap/codec';
import { type CoapMessage, type CoapOption, OptionNumber, encodeUint, contentFormat, uriPath } from '../../src/coap/message';
import { decodeContent, encodeContent, ContentFormat, contentFormatName } from '../../src/lwm2m/content';
import { linkAttributes, objectsFromRegistration, parseLinkFormatBytes } from '../../src/lwm2m/link-format';
import { LwM2MPath } from '../../src/lwm2m/path';
import { registry } from './arbitraries';

const BUILDS = [
  { name: 'as shipped', env: 'LWM2M_WAKAAMA', binary: process.env.LWM2M_WAKAAMA ?? '/tmp/wakaama/build-udp/lwm2mclient', mustDecode: [ContentFormat.TLV, ContentFormat.SENML_JSON, ContentFormat.OMA_JSON] },
  { name: 'with SenML CBOR', env: 'LWM2M_WAKAAMA_CBOR', binary: process.env.LWM2M_WAKAAMA_CBOR ?? '/tmp/wk-cbor/build/lwm2mclient', mustDecode: [ContentFormat.SENML_CBOR] },
];
const DEADLINE_MS = 5000;

const cleanup: Array<() => unknown> = [];
after(() => cleanup.forEach((c) => c()));

/** Resolves with the next datagram that decodes to a message matching `want`, or rejects at the deadline. */
function nextMessage(sock: dgram.Socket, want: (m: CoapMessage) => boolean): Promise<{ m: CoapMessage; from: dgram.RemoteInfo }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.off('message', onMessage);
      reject(new Error(`no matching CoAP message within ${DEADLINE_MS} ms`));
    }, DEADLINE_MS);
    const onMessage = (data: Buffer, from: dgram.RemoteInfo) => {
      const m = decodeDatagram(data).message;
      if (!m || !want(m)) return;
      clearTimeout(timer);
      sock.off('message', onMessage);
      resolve({ m, from });
    };
    sock.on('message', onMessage);
  });
}

for (const build of BUILDS) {
const skip = existsSync(build.binary) ? false : `no Wakaama client at ${build.binary} (set ${build.env})`;
test(`Wakaama (${build.name}) registers and answers reads in every format it implements; our decoders accept all of it`, { skip }, async (t) => {
  const sock = dgram.createSocket('udp4');
  cleanup.push(() => sock.close());
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  const register = nextMessage(sock, (m) => m.code === '0.02' && uriPath(m) === '/rd');
  const client: ChildProcess = spawn(build.binary, ['-4', '-h', '127.0.0.1', '-p', String(sock.address().port), '-n', 'codec-interop', '-l', '0', '-t', '60'], { stdio: ['pipe', 'ignore', 'ignore'] });
  cleanup.push(() => client.kill());

  const { m: reg, from } = await register;
  const objects = objectsFromRegistration(parseLinkFormatBytes(reg.payload));
  t.diagnostic(`register payload: ${reg.payload.toString()}`);
  assert.ok(objects.objects.some((o) => o.objectId === 3 && o.instances.includes(0)), 'Device /3/0 registered');
  const reply = (m: CoapMessage) => new Promise<void>((r) => sock.send(encodeMessage(m), from.port, from.address, () => r()));
  await reply({ type: 'ACK', code: '2.01', messageId: reg.messageId, token: reg.token, options: [{ number: OptionNumber.LocationPath, value: Buffer.from('rd') }, { number: OptionNumber.LocationPath, value: Buffer.from('1') }], payload: Buffer.alloc(0) });

  let mid = 0x4000;
  const request = async (code: string, path: string, format: { accept?: number; content?: number }, payload: Buffer = Buffer.alloc(0)) => {
    const id = mid++;
    const token = Buffer.from([id & 0xff, 0x5a]);
    const options: CoapOption[] = path.split('/').filter(Boolean).map((s) => ({ number: OptionNumber.UriPath, value: Buffer.from(s) }));
    if (format.content !== undefined) options.push({ number: OptionNumber.ContentFormat, value: encodeUint(format.content) });
    if (format.accept !== undefined) options.push({ number: OptionNumber.Accept, value: encodeUint(format.accept) });
    const answer = nextMessage(sock, (m) => m.type === 'ACK' && m.messageId === id);
    await reply({ type: 'CON', code, messageId: id, token, options, payload });
    return (await answer).m;
  };
  const read = (path: string, accept: number) => request('0.01', path, { accept });

  const decoded: string[] = [];
  const decodedFormats: number[] = [];
  for (const format of [ContentFormat.TLV, ContentFormat.SENML_JSON, ContentFormat.SENML_CBOR, ContentFormat.OMA_JSON, ContentFormat.LWM2M_CBOR]) {
    const res = await read('/3/0', format);
    if (res.code === '4.06') {
      t.diagnostic(`/3/0 as ${contentFormatName(format)}: 4.06 (not implemented by this client)`);
      continue;
    }
    assert.equal(res.code, '2.05', `read /3/0 as ${format}`);
    assert.equal(contentFormat(res), format, 'answered in the format asked for');
    const records = decodeContent(format, LwM2MPath.parse('/3/0'), res.payload, registry);
    const manufacturer = records.find((r) => String(r.path) === '/3/0/0');
    assert.equal(manufacturer?.type, 'string');
    assert.ok(records.some((r) => r.path.resourceId === 11 && r.path.depth === 4), 'Error Code as a resource instance');
    decoded.push(`${format} (${res.payload.length} B, ${records.length} values)`);
    decodedFormats.push(format);
  }
  for (const [path, format] of [['/3/0/0', ContentFormat.TEXT], ['/3/0/9', ContentFormat.TEXT], ['/3/0/9', ContentFormat.CBOR], ['/3/0/13', ContentFormat.CBOR]] as const) {
    const res = await read(path, format);
    if (res.code === '4.06') continue;
    assert.equal(res.code, '2.05');
    const [rec] = decodeContent(format, LwM2MPath.parse(path), res.payload, registry);
    assert.equal(String(rec.path), path);
    decoded.push(`${path} as ${format}`);
  }
  const discover = await read('/3/0', ContentFormat.LINK_FORMAT);
  assert.equal(discover.code, '2.05');
  const links = parseLinkFormatBytes(discover.payload);
  for (const l of links) linkAttributes(l);
  assert.ok(links.some((l) => l.target === '/3/0/0'));
  t.diagnostic(`decoded: ${decoded.join('; ')}; discover: ${discover.payload.toString()}`);
  for (const f of build.mustDecode) assert.ok(decodedFormats.includes(f), `${contentFormatName(f)} read and decoded`);

  // The other direction: the client decodes what our encoders write (partial update of /1/0).
  const written: string[] = [];
  for (const format of decodedFormats) {
    const lifetime = BigInt(100 + format % 1000);
    const records = [
      { path: LwM2MPath.parse('/1/0/1'), type: 'integer' as const, value: lifetime },
      { path: LwM2MPath.parse('/1/0/3'), type: 'integer' as const, value: lifetime + 1n },
    ];
    const res = await request('0.02', '/1/0', { content: format }, encodeContent(format, LwM2MPath.parse('/1/0'), records, registry));
    assert.equal(res.code, '2.04', `write /1/0 as ${contentFormatName(format)}`);
    const back = await read('/1/0/1', ContentFormat.TEXT);
    assert.deepEqual(decodeContent(ContentFormat.TEXT, LwM2MPath.parse('/1/0/1'), back.payload, registry)[0].value, lifetime);
    written.push(String(format));
  }
  t.diagnostic(`written and read back: ${written.join(', ')}`);
});
}
