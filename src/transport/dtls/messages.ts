/** Bodies of the DTLS 1.2 handshake messages: encode and strict decode. */
import { ByteReader, DecodeError, u16, u8, vec } from './bytes';
import { ExtensionType, extensionName } from './constants';

export interface Extension {
  type: number;
  data: Buffer;
}

export interface ClientHello {
  version: number;
  random: Buffer;
  sessionId: Buffer;
  cookie: Buffer;
  cipherSuites: number[];
  compressionMethods: number[];
  extensions: Extension[];
}

export interface ServerHello {
  version: number;
  random: Buffer;
  sessionId: Buffer;
  cipherSuite: number;
  compressionMethod: number;
  extensions: Extension[];
}

function encodeExtensions(exts: Extension[]): Buffer {
  if (exts.length === 0) return Buffer.alloc(0);
  return vec(2, Buffer.concat(exts.map((e) => Buffer.concat([u16(e.type), vec(2, e.data)]))));
}

function decodeExtensions(r: ByteReader): Extension[] {
  if (r.remaining === 0) return [];
  const list = r.sub(r.u16('extensions length'), 'extensions');
  r.end('after extensions');
  const out: Extension[] = [];
  while (list.remaining > 0) {
    const at = list.base + list.offset;
    const type = list.u16('extension type');
    if (out.some((e) => e.type === type)) throw new DecodeError(at, 'extension type', `no duplicate ${extensionName(type)}`);
    out.push({ type, data: list.vector(2, `${extensionName(type)} data`) });
  }
  return out;
}

export function findExtension(exts: Extension[], type: number): Buffer | undefined {
  return exts.find((e) => e.type === type)?.data;
}

export function encodeClientHello(h: ClientHello): Buffer {
  const suites = Buffer.concat(h.cipherSuites.map(u16));
  return Buffer.concat([
    u16(h.version),
    h.random,
    vec(1, h.sessionId),
    vec(1, h.cookie),
    vec(2, suites),
    vec(1, Buffer.from(h.compressionMethods)),
    encodeExtensions(h.extensions),
  ]);
}

export function decodeClientHello(body: Buffer): ClientHello {
  const r = new ByteReader(body);
  const version = r.u16('client_version');
  const random = r.bytes(32, 'random');
  const sessionId = r.vector(1, 'session_id', 0, 32);
  const cookie = r.vector(1, 'cookie', 0, 255);
  const suitesAt = r.offset;
  const suites = r.vector(2, 'cipher_suites', 2);
  if (suites.length % 2 !== 0) throw new DecodeError(suitesAt, 'cipher_suites', 'an even length');
  const cipherSuites: number[] = [];
  for (let i = 0; i < suites.length; i += 2) cipherSuites.push(suites.readUInt16BE(i));
  const compressionMethods = [...r.vector(1, 'compression_methods', 1)];
  const extensions = decodeExtensions(r);
  return { version, random, sessionId, cookie, cipherSuites, compressionMethods, extensions };
}

export function encodeServerHello(h: ServerHello): Buffer {
  return Buffer.concat([
    u16(h.version),
    h.random,
    vec(1, h.sessionId),
    u16(h.cipherSuite),
    u8(h.compressionMethod),
    encodeExtensions(h.extensions),
  ]);
}

export function decodeServerHello(body: Buffer): ServerHello {
  const r = new ByteReader(body);
  return {
    version: r.u16('server_version'),
    random: r.bytes(32, 'random'),
    sessionId: r.vector(1, 'session_id', 0, 32),
    cipherSuite: r.u16('cipher_suite'),
    compressionMethod: r.u8('compression_method'),
    extensions: decodeExtensions(r),
  };
}

export function encodeHelloVerifyRequest(version: number, cookie: Buffer): Buffer {
  return Buffer.concat([u16(version), vec(1, cookie)]);
}

export function decodeHelloVerifyRequest(body: Buffer): { version: number; cookie: Buffer } {
  const r = new ByteReader(body);
  const out = { version: r.u16('server_version'), cookie: r.vector(1, 'cookie', 0, 255) };
  r.end('HelloVerifyRequest');
  return out;
}

/** X.509: a list of DER certificates. Raw public key (RFC 7250): one SubjectPublicKeyInfo. */
export function encodeCertificate(kind: 'x509' | 'rpk', items: Buffer[]): Buffer {
  if (kind === 'rpk') return vec(3, items[0]);
  return vec(3, Buffer.concat(items.map((c) => vec(3, c))));
}

export function decodeCertificate(kind: 'x509' | 'rpk', body: Buffer): Buffer[] {
  const r = new ByteReader(body);
  if (kind === 'rpk') {
    const spki = r.vector(3, 'ASN.1_subjectPublicKeyInfo', 0);
    r.end('Certificate');
    return spki.length ? [spki] : [];
  }
  const list = r.sub(r.u24('certificate_list length'), 'certificate_list');
  r.end('Certificate');
  const out: Buffer[] = [];
  while (list.remaining > 0) out.push(list.vector(3, 'ASN.1Cert', 1));
  return out;
}

/** ServerKeyExchange for ECDHE: named curve parameters, the public point, and their signature. */
export interface EcdheServerParams {
  curve: number;
  point: Buffer;
  /** The bytes the signature covers after the two randoms. */
  params: Buffer;
  signatureAlgorithm: number;
  signature: Buffer;
}

export function encodeEcdheParams(curve: number, point: Buffer): Buffer {
  return Buffer.concat([u8(3 /* named_curve */), u16(curve), vec(1, point)]);
}

export function decodeEcdheServerKeyExchange(body: Buffer): EcdheServerParams {
  const r = new ByteReader(body);
  const curveType = r.u8('ECParameters.curve_type');
  if (curveType !== 3) throw new DecodeError(0, 'ECParameters.curve_type', `named_curve (3), got ${curveType}`);
  const curve = r.u16('namedcurve');
  const point = r.vector(1, 'ECPoint', 1);
  const params = body.subarray(0, r.offset);
  const signatureAlgorithm = r.u16('SignatureAndHashAlgorithm');
  const signature = r.vector(2, 'signature', 1);
  r.end('ServerKeyExchange');
  return { curve, point, params, signatureAlgorithm, signature };
}

export function encodeSigned(signatureAlgorithm: number, signature: Buffer): Buffer {
  return Buffer.concat([u16(signatureAlgorithm), vec(2, signature)]);
}

export function decodeCertificateVerify(body: Buffer): { signatureAlgorithm: number; signature: Buffer } {
  const r = new ByteReader(body);
  const out = { signatureAlgorithm: r.u16('SignatureAndHashAlgorithm'), signature: r.vector(2, 'signature', 1) };
  r.end('CertificateVerify');
  return out;
}

export interface CertificateRequest {
  certificateTypes: number[];
  signatureAlgorithms: number[];
}

export function encodeCertificateRequest(req: CertificateRequest): Buffer {
  return Buffer.concat([
    vec(1, Buffer.from(req.certificateTypes)),
    vec(2, Buffer.concat(req.signatureAlgorithms.map(u16))),
    vec(2, Buffer.alloc(0)), // certificate_authorities: any
  ]);
}

export function decodeCertificateRequest(body: Buffer): CertificateRequest {
  const r = new ByteReader(body);
  const certificateTypes = [...r.vector(1, 'certificate_types', 1)];
  const algs = r.vector(2, 'supported_signature_algorithms', 2);
  const signatureAlgorithms: number[] = [];
  for (let i = 0; i + 1 < algs.length; i += 2) signatureAlgorithms.push(algs.readUInt16BE(i));
  r.vector(2, 'certificate_authorities');
  r.end('CertificateRequest');
  return { certificateTypes, signatureAlgorithms };
}

/** PSK ServerKeyExchange (RFC 4279): just an identity hint. */
export function decodePskServerKeyExchange(body: Buffer): Buffer {
  const r = new ByteReader(body);
  const hint = r.vector(2, 'psk_identity_hint');
  r.end('ServerKeyExchange');
  return hint;
}

export function decodePskClientKeyExchange(body: Buffer): Buffer {
  const r = new ByteReader(body);
  const identity = r.vector(2, 'psk_identity', 1);
  r.end('ClientKeyExchange');
  return identity;
}

export function decodeEcdheClientKeyExchange(body: Buffer): Buffer {
  const r = new ByteReader(body);
  const point = r.vector(1, 'ecdh_Yc', 1);
  r.end('ClientKeyExchange');
  return point;
}

/** Decodes a one-byte-length list of bytes, e.g. ec_point_formats or certificate types. */
export function decodeByteList(data: Buffer, field: string): number[] {
  const r = new ByteReader(data);
  const list = [...r.vector(1, field, 1)];
  r.end(field);
  return list;
}

export function decodeU16List(data: Buffer, field: string): number[] {
  const r = new ByteReader(data);
  const list = r.vector(2, field, 2);
  r.end(field);
  if (list.length % 2) throw new DecodeError(2, field, 'an even length');
  const out: number[] = [];
  for (let i = 0; i < list.length; i += 2) out.push(list.readUInt16BE(i));
  return out;
}

export const ext = {
  supportedGroups: (groups: number[]): Extension => ({
    type: ExtensionType.supported_groups,
    data: vec(2, Buffer.concat(groups.map(u16))),
  }),
  pointFormats: (): Extension => ({ type: ExtensionType.ec_point_formats, data: vec(1, Buffer.from([0])) }),
  signatureAlgorithms: (algs: number[]): Extension => ({
    type: ExtensionType.signature_algorithms,
    data: vec(2, Buffer.concat(algs.map(u16))),
  }),
  extendedMasterSecret: (): Extension => ({ type: ExtensionType.extended_master_secret, data: Buffer.alloc(0) }),
  renegotiationInfo: (): Extension => ({ type: ExtensionType.renegotiation_info, data: Buffer.from([0]) }),
  connectionId: (cid: Buffer): Extension => ({ type: ExtensionType.connection_id, data: vec(1, cid) }),
  serverName: (host: string): Extension => ({
    type: ExtensionType.server_name,
    data: vec(2, Buffer.concat([u8(0), vec(2, Buffer.from(host, 'ascii'))])),
  }),
  /** The client's list of acceptable certificate types, or the server's single choice. */
  certificateTypes: (type: number, list: number[], single: boolean): Extension => ({
    type,
    data: single ? Buffer.from([list[0]]) : vec(1, Buffer.from(list)),
  }),
};
