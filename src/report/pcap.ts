/**
 * pcapng evidence: a case's datagrams as a capture file that Wireshark and tshark read. The trace
 * keeps each datagram (plain CoAP) and each DTLS record byte-exact with its addresses and time;
 * each becomes one IPv4 (or IPv6) / UDP packet with the addresses and ports as seen, on an
 * interface of link type RAW (a packet that starts with its IP header). CoAP carried inside DTLS
 * is traced twice, as the records on the wire and as the plaintext the harness read: only the
 * records go into the capture (a key log lets Wireshark decrypt them, see `--keylog`).
 *
 * File layout (pcapng, draft-ietf-opsawg-pcapng): a Section Header Block, one Interface
 * Description Block, one Enhanced Packet Block per datagram with the trace summary as comment.
 */
import { isIP } from 'node:net';
import type { CaseResult, RunResult } from '../conformance/results';
import type { TraceEntry } from '../trace/trace';
import { normalizeRun } from './normalize';

/** LINKTYPE_RAW: the packet begins with an IPv4 or IPv6 header (tcpdump.org link-layer types). */
const LINKTYPE_RAW = 101;
const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 0x00000001;
const BLOCK_EPB = 0x00000006;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const UDP = 17;

export interface Endpoint {
  host: string;
  port: number;
}

export interface WirePacket {
  /** Milliseconds since the Unix epoch. */
  t: number;
  src: Endpoint;
  dst: Endpoint;
  payload: Buffer;
  /** The datagram's length on the wire when the trace kept only the first `payload.length` bytes. */
  wireLength?: number;
  comment: string;
}

/** "127.0.0.1:5683" or "[::1]:5683", or undefined when the text is not an address. */
export function parseEndpoint(text: string | undefined): Endpoint | undefined {
  const m = text === undefined ? null : /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const host = m[1] ?? m[2];
  const port = Number(m[3]);
  if (port > 65535 || isIP(host) === 0) return undefined;
  return { host, port };
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
/** The most a UDP datagram over IPv4 carries (65535 less the IP and UDP headers). */
const MAX_UDP_PAYLOAD = 65507;
/** How the trace says it kept only the start of a long datagram (src/trace/trace.ts maxHexBytes). */
const CUT = /\(first (\d+) of (\d+) B kept\)$/;

/**
 * The entries that were datagrams on the wire, in trace order: DTLS records, and CoAP datagrams
 * on sockets that carry no DTLS. An entry without bytes, addresses or a direction is left out.
 */
export function wirePackets(trace: TraceEntry[]): WirePacket[] {
  // A socket that traced DTLS records carries CoAP only inside them.
  const dtlsSockets = new Set(trace.filter((e) => e.layer === 'dtls' && e.hex).map((e) => e.local));
  // CoAP over TCP (RFC 8323) frames are not datagrams: a UDP capture must not show them as such.
  const tcpSockets = new Set(trace.filter((e) => e.layer === 'tcp').map((e) => e.local));
  const out: WirePacket[] = [];
  for (const e of trace) {
    if (e.direction === 'note' || !e.hex || !HEX.test(e.hex)) continue;
    if (e.layer === 'coap' ? dtlsSockets.has(e.local) || tcpSockets.has(e.local) : e.layer !== 'dtls' && e.layer !== 'udp') continue;
    const local = parseEndpoint(e.local);
    const peer = parseEndpoint(e.peer);
    if (!local || !peer || e.hex.length / 2 > MAX_UDP_PAYLOAD) continue;
    const here = seenFrom(local, peer);
    const [src, dst] = e.direction === 'out' ? [here, peer] : [peer, here];
    if (isIP(src.host) !== isIP(dst.host)) continue;
    const payload = Buffer.from(e.hex, 'hex');
    const cut = CUT.exec(e.summary);
    const wireLength = cut && Number(cut[1]) === payload.length && Number(cut[2]) > payload.length ? Number(cut[2]) : undefined;
    out.push({
      t: e.t,
      src,
      dst,
      payload,
      ...(wireLength ? { wireLength } : {}),
      comment: e.problem ? `${e.summary} (${e.problem})` : e.summary,
    });
  }
  return out;
}

/** A socket bound to the wildcard address sends from the address that reaches the peer; on loopback that is the loopback address. */
function seenFrom(local: Endpoint, peer: Endpoint): Endpoint {
  if (local.host === '0.0.0.0') return { ...local, host: peer.host.startsWith('127.') ? peer.host : local.host };
  if (local.host === '::') return { ...local, host: peer.host === '::1' ? '::1' : local.host };
  return local;
}

function ipv4Bytes(host: string): Buffer {
  return Buffer.from(host.split('.').map(Number));
}

function ipv6Bytes(host: string): Buffer {
  let text = host;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = ipv4Bytes(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${b.readUInt16BE(0).toString(16)}:${b.readUInt16BE(2).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** The Internet checksum (RFC 1071) of the given bytes. */
function checksum(...parts: Buffer[]): number {
  const data = Buffer.concat(parts);
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i] << 8) | (i + 1 < data.length ? data[i + 1] : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The IP and UDP headers and the payload: the packet as the network carried it. */
export function ipUdpPacket(p: WirePacket, id: number): Buffer {
  const wire = Math.min(p.wireLength ?? p.payload.length, MAX_UDP_PAYLOAD);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(p.src.port, 0);
  udp.writeUInt16BE(p.dst.port, 2);
  udp.writeUInt16BE(8 + wire, 4);
  const v6 = isIP(p.src.host) === 6;
  const src = v6 ? ipv6Bytes(p.src.host) : ipv4Bytes(p.src.host);
  const dst = v6 ? ipv6Bytes(p.dst.host) : ipv4Bytes(p.dst.host);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(8 + wire);
  const pseudo = v6
    ? Buffer.concat([src, dst, length, Buffer.from([0, 0, 0, UDP])])
    : Buffer.concat([src, dst, Buffer.from([0, UDP]), length.subarray(2)]);
  // A cut datagram's checksum cannot be computed: 0 says "none" (IPv4; for IPv6 Wireshark flags it).
  udp.writeUInt16BE(p.wireLength ? 0 : checksum(pseudo, udp, p.payload) || 0xffff, 6);
  if (v6) {
    const ip = Buffer.alloc(40);
    ip.writeUInt32BE(0x60000000, 0);
    ip.writeUInt16BE(8 + wire, 4);
    ip[6] = UDP;
    ip[7] = 64;
    src.copy(ip, 8);
    dst.copy(ip, 24);
    return Buffer.concat([ip, udp, p.payload]);
  }
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 8 + wire, 2);
  ip.writeUInt16BE(id & 0xffff, 4);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip[8] = 64;
  ip[9] = UDP;
  src.copy(ip, 12);
  dst.copy(ip, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  return Buffer.concat([ip, udp, p.payload]);
}

const pad4 = (n: number) => (4 - (n % 4)) % 4;

function option(code: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(code, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value, Buffer.alloc(pad4(value.length))]);
}

const options = (list: Buffer[]) =>
  list.length ? Buffer.concat([...list, Buffer.alloc(4) /* opt_endofopt: code 0, length 0 */]) : Buffer.alloc(0);

function block(type: number, body: Buffer): Buffer {
  const total = 12 + body.length;
  const out = Buffer.alloc(total);
  out.writeUInt32LE(type, 0);
  out.writeUInt32LE(total, 4);
  body.copy(out, 8);
  out.writeUInt32LE(total, total - 4);
  return out;
}

const MAX_OPTION = 0xffff;
const text = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  return b.length <= MAX_OPTION ? b : b.subarray(0, MAX_OPTION);
};

/** A pcapng file holding the packets; `about` names the application and the interface. */
export function pcapng(packets: WirePacket[], about: { application: string; interface: string; comments?: string[] }): Buffer {
  const shbBody = Buffer.alloc(16);
  shbBody.writeUInt32LE(0x1a2b3c4d, 0); // byte-order magic
  shbBody.writeUInt16LE(1, 4);
  shbBody.writeUInt16LE(0, 6);
  shbBody.writeBigInt64LE(-1n, 8); // section length not given
  const shb = block(
    BLOCK_SHB,
    Buffer.concat([
      shbBody,
      options([...(about.comments ?? []).map((c) => option(OPT_COMMENT, text(c))), option(SHB_USERAPPL, text(about.application))]),
    ]),
  );
  const idbBody = Buffer.alloc(8);
  idbBody.writeUInt16LE(LINKTYPE_RAW, 0);
  idbBody.writeUInt32LE(0, 4); // no snap length limit
  const idb = block(
    BLOCK_IDB,
    Buffer.concat([
      idbBody,
      options([option(IF_NAME, text('trace')), option(IF_DESCRIPTION, text(about.interface)), option(IF_TSRESOL, Buffer.from([6]))]),
    ]),
  );
  const epbs = packets.map((p, i) => {
    const data = ipUdpPacket(p, i + 1);
    const head = Buffer.alloc(20);
    const micros = BigInt(Math.max(0, Math.round(p.t * 1000)));
    head.writeUInt32LE(0, 0); // interface 0
    head.writeUInt32LE(Number(micros >> 32n), 4);
    head.writeUInt32LE(Number(micros & 0xffffffffn), 8);
    head.writeUInt32LE(data.length, 12); // captured
    head.writeUInt32LE(data.length + (p.wireLength ? p.wireLength - p.payload.length : 0), 16); // on the wire
    return block(BLOCK_EPB, Buffer.concat([head, data, Buffer.alloc(pad4(data.length)), options([option(OPT_COMMENT, text(p.comment))])]));
  });
  return Buffer.concat([shb, idb, ...epbs]);
}

/** Where a case's capture goes, relative to the report folder (a case ID made safe as a file name). */
export function pcapFileFor(caseId: string): string {
  return `pcap/${caseId.replace(/[^A-Za-z0-9._-]/g, '_') || 'case'}.pcapng`;
}

/** True when the case traced at least one datagram, i.e. it has a capture file. */
export function hasCapture(c: CaseResult): boolean {
  return wirePackets(c.trace).length > 0;
}

/**
 * The harness's own ports that carried CoAP, plain (udp) or inside DTLS (dtls). Wireshark finds
 * CoAP by port (5683, 5684) and has no heuristic for it, so a capture on other ports needs "Decode
 * As" (tshark -d udp.port==N,coap; inside DTLS, once decrypted, -d dtls.port==N,coap). The DTLS
 * records themselves need nothing: Wireshark recognises them on any port.
 */
export function coapPorts(trace: TraceEntry[]): { udp: number[]; dtls: number[] } {
  const dtlsSockets = new Set(trace.filter((e) => e.layer === 'dtls' && e.hex).map((e) => e.local));
  const tcpSockets = new Set(trace.filter((e) => e.layer === 'tcp').map((e) => e.local));
  const ports = (inDtls: boolean) => {
    const found = trace
      .filter(
        (e) => e.layer === 'coap' && e.hex && e.direction !== 'note' && !tcpSockets.has(e.local) && dtlsSockets.has(e.local) === inDtls,
      )
      .map((e) => parseEndpoint(e.local)?.port)
      .filter((p): p is number => p !== undefined);
    return [...new Set(found)].sort((a, b) => a - b);
  };
  return { udp: ports(false), dtls: ports(true) };
}

/** The tshark options that dissect the case's CoAP, e.g. "-d udp.port==40211,coap" ('' when the standard ports were used). */
export function decodeAsOptions(trace: TraceEntry[]): string {
  const { udp, dtls } = coapPorts(trace);
  return [
    ...udp.filter((p) => p !== 5683).map((p) => `-d udp.port==${p},coap`),
    ...dtls.filter((p) => p !== 5684).map((p) => `-d dtls.port==${p},coap`),
  ].join(' ');
}

/** The trace's own words for datagrams it did not store (a flood): they are missing from the capture too. */
function notStored(trace: TraceEntry[]): string[] {
  return trace
    .filter((e) => e.direction === 'note' && (e.detail as { notStored?: unknown } | undefined)?.notStored && /datagrams/.test(e.summary))
    .map((e) => `Not in this capture: ${e.summary}`);
}

/** The capture of one case, or undefined when it traced no datagram. */
export function casePcap(c: CaseResult, tool: string): Buffer | undefined {
  const packets = wirePackets(c.trace);
  if (packets.length === 0) return undefined;
  const decodeAs = decodeAsOptions(c.trace);
  const hint = decodeAs ? `; to dissect its CoAP: tshark ${decodeAs} (Wireshark: Decode As... CoAP)` : '';
  return pcapng(packets, {
    application: tool,
    interface: `${c.id}: datagrams and DTLS records as traced by the harness${hint}`,
    comments: notStored(c.trace),
  });
}

/** Every case's capture as [relative file, bytes]. */
export function runCaptures(input: RunResult): [string, Buffer][] {
  const run = normalizeRun(input);
  const tool = `${run.tool.name} ${run.tool.version}`;
  const out: [string, Buffer][] = [];
  for (const c of run.cases) {
    const file = casePcap(c, tool);
    if (file) out.push([pcapFileFor(c.id), file]);
  }
  return out;
}
