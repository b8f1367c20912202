// Plays a bare LwM2M server on a UDP socket for codec interop tests with real clients:
// accept the Register, then read in every format and write back with our encoders.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import { decodeDatagram, encodeMessage } from '../../src/coap/codec';
import { type CoapMessage, type CoapOption, OptionNumber, encodeUint, contentFormat, uriPath } from '../../src/coap/message';
import {
  decodeContent,
  encodeComposite,
  encodeContent,
  encodePathList,
  ContentFormat,
  contentFormatName,
  type ResourceRecord,
} from '../../src/lwm2m/content';
import { linkAttributes, objectsFromRegistration, parseLinkFormatBytes, type RegistrationObjects } from '../../src/lwm2m/link-format';
import { LwM2MPath } from '../../src/lwm2m/path';
import { registry } from './arbitraries';

const DEADLINE_MS = 5000;

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

export interface InteropSession {
  registration: RegistrationObjects;
  registerMessage: CoapMessage;
  request(code: string, path: string, format: { accept?: number; content?: number }, payload?: Buffer): Promise<CoapMessage>;
  close(): void;
}

/** Binds a socket, starts the client with the socket's port and accepts its Register. */
export async function startSession(start: (port: number) => { command: string; args: string[] }): Promise<InteropSession> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  const register = nextMessage(sock, (m) => m.code === '0.02' && uriPath(m) === '/rd');
  const { command, args } = start(sock.address().port);
  const client: ChildProcess = spawn(command, args, { stdio: ['pipe', 'ignore', 'ignore'] });
  const close = () => {
    client.kill();
    sock.close();
  };
  try {
    const { m: reg, from } = await register;
    const send = (m: CoapMessage) => new Promise<void>((r) => sock.send(encodeMessage(m), from.port, from.address, () => r()));
    await send({
      type: 'ACK',
      code: '2.01',
      messageId: reg.messageId,
      token: reg.token,
      options: ['rd', '1'].map((s) => ({ number: OptionNumber.LocationPath, value: Buffer.from(s) })),
      payload: Buffer.alloc(0),
    });
    let mid = 0x4000;
    const request = async (
      code: string,
      path: string,
      format: { accept?: number; content?: number },
      payload: Buffer = Buffer.alloc(0),
    ) => {
      const id = mid++;
      const options: CoapOption[] = path
        .split('/')
        .filter(Boolean)
        .map((s) => ({ number: OptionNumber.UriPath, value: Buffer.from(s) }));
      if (format.content !== undefined) options.push({ number: OptionNumber.ContentFormat, value: encodeUint(format.content) });
      if (format.accept !== undefined) options.push({ number: OptionNumber.Accept, value: encodeUint(format.accept) });
      const answer = nextMessage(sock, (m) => m.type === 'ACK' && m.messageId === id);
      await send({ type: 'CON', code, messageId: id, token: Buffer.from([id & 0xff, 0x5a]), options, payload });
      return (await answer).m;
    };
    return { registration: objectsFromRegistration(parseLinkFormatBytes(reg.payload)), registerMessage: reg, request, close };
  } catch (e) {
    close();
    throw e;
  }
}

export interface ExerciseResult {
  /** Formats the client answered a Read of /3/0 in, all decoded by us. */
  read: number[];
  /** Formats the client accepted our Write in (and the value read back matched). */
  written: number[];
  notes: string[];
}

const INSTANCE_FORMATS = [
  ContentFormat.TLV,
  ContentFormat.SENML_JSON,
  ContentFormat.SENML_CBOR,
  ContentFormat.OMA_JSON,
  ContentFormat.LWM2M_CBOR,
];

/**
 * Reads /3/0 in every instance format and single values in Plain Text and CBOR (a 4.06 answer
 * means "not implemented" and is noted), Discovers /3/0, then writes Lifetime and Default
 * Maximum Period of the client's Server instance in every format it answered in.
 */
export async function exercise(s: InteropSession): Promise<ExerciseResult> {
  const out: ExerciseResult = { read: [], written: [], notes: [] };
  for (const format of INSTANCE_FORMATS) {
    const res = await s.request('0.01', '/3/0', { accept: format });
    if (res.code === '4.06') {
      out.notes.push(`read /3/0 as ${format}: 4.06`);
      continue;
    }
    assert.equal(res.code, '2.05', `read /3/0 as ${format}`);
    assert.equal(contentFormat(res), format, 'answered in the format asked for');
    const records = decodeContent(format, LwM2MPath.parse('/3/0'), res.payload, registry);
    assert.equal(records.find((r) => String(r.path) === '/3/0/0')?.type, 'string', 'Manufacturer present');
    assert.ok(
      records.some((r) => r.path.resourceId === 11 && r.path.depth === 4),
      'Error Code as a resource instance',
    );
    out.read.push(format);
    out.notes.push(`read /3/0 as ${format}: ${res.payload.length} B, ${records.length} values`);
  }
  for (const [path, format] of [
    ['/3/0/0', ContentFormat.TEXT],
    ['/3/0/9', ContentFormat.TEXT],
    ['/3/0/9', ContentFormat.CBOR],
    ['/3/0/13', ContentFormat.CBOR],
    ['/3/0/13', ContentFormat.TEXT],
  ] as const) {
    const res = await s.request('0.01', path, { accept: format });
    if (res.code === '4.06' || res.code === '4.04') {
      out.notes.push(`read ${path} as ${format}: ${res.code}`);
      continue;
    }
    assert.equal(res.code, '2.05', `read ${path} as ${format}`);
    const [rec] = decodeContent(format, LwM2MPath.parse(path), res.payload, registry);
    assert.equal(String(rec.path), path);
    out.notes.push(`read ${path} as ${format}: ${rec.type} ${String(rec.value)}`);
  }
  const discover = await s.request('0.01', '/3/0', { accept: ContentFormat.LINK_FORMAT });
  assert.equal(discover.code, '2.05', 'Discover /3/0');
  const links = parseLinkFormatBytes(discover.payload);
  for (const l of links) linkAttributes(l);
  assert.ok(
    links.some((l) => l.target === '/3/0/0'),
    'Discover lists /3/0/0',
  );

  const server = s.registration.objects.find((o) => o.objectId === 1);
  assert.ok(server?.instances.length, 'a Server object instance is registered');
  const instance = LwM2MPath.of(1, server.instances[0]);
  for (const format of out.read) {
    const lifetime = BigInt(100 + (format % 1000));
    const records: ResourceRecord[] = [
      { path: instance.child(1), type: 'integer', value: lifetime },
      { path: instance.child(3), type: 'integer', value: lifetime + 1n },
    ];
    const res = await s.request('0.02', String(instance), { content: format }, encodeContent(format, instance, records, registry));
    if (res.code === '4.15') {
      out.notes.push(`write ${instance} as ${format}: 4.15 (not accepted as input)`);
      continue;
    }
    assert.equal(res.code, '2.04', `write ${instance} as ${contentFormatName(format)}`);
    const back = await s.request('0.01', String(instance.child(1)), { accept: ContentFormat.TEXT });
    assert.equal(
      decodeContent(ContentFormat.TEXT, instance.child(1), back.payload, registry)[0].value,
      lifetime,
      'the value written is read back',
    );
    out.written.push(format);
  }
  return out;
}

/**
 * Read-Composite (FETCH, our path list) and Write-Composite (iPATCH, our records) in one format
 * (LwM2M 1.1 §6.3.8 / §6.3.7). Returns what was read back for the report.
 */
export async function exerciseComposite(s: InteropSession, format: number, answerFormat = format): Promise<string> {
  const server = s.registration.objects.find((o) => o.objectId === 1)!;
  const lifetimePath = LwM2MPath.of(1, server.instances[0], 1);
  const paths = [LwM2MPath.parse('/3/0/0'), LwM2MPath.parse('/3/0/7'), lifetimePath];
  const fetched = await s.request('0.05', '/', { content: format, accept: answerFormat }, encodePathList(format, paths));
  assert.equal(fetched.code, '2.05', `Read-Composite in ${contentFormatName(format)}, answer in ${contentFormatName(answerFormat)}`);
  const records = decodeContent(answerFormat, LwM2MPath.root, fetched.payload, registry);
  for (const p of paths)
    assert.ok(
      records.some((r) => r.path.startsWith(p)),
      `${p} in the Read-Composite answer`,
    );

  const lifetime = BigInt(300 + (format % 100));
  const body = encodeComposite(format, [{ path: lifetimePath, type: 'integer', value: lifetime }], registry);
  const patched = await s.request('0.07', '/', { content: format }, body);
  assert.equal(patched.code, '2.04', `Write-Composite in ${contentFormatName(format)}`);
  const back = await s.request('0.01', String(lifetimePath), { accept: ContentFormat.TEXT });
  assert.equal(decodeContent(ContentFormat.TEXT, lifetimePath, back.payload, registry)[0].value, lifetime);
  return `${format}${answerFormat === format ? '' : ` -> ${answerFormat}`}: read ${records.length} values, wrote ${lifetimePath}=${lifetime}`;
}
