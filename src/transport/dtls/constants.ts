/** Numbers from RFC 5246 / RFC 6347 / RFC 7250 / RFC 7627 / RFC 9146 and their names for the trace. */

export const ContentType = {
  change_cipher_spec: 20,
  alert: 21,
  handshake: 22,
  application_data: 23,
  /** RFC 9146: a record carrying a Connection ID. */
  tls12_cid: 25,
} as const;

export const HandshakeType = {
  hello_request: 0,
  client_hello: 1,
  server_hello: 2,
  hello_verify_request: 3,
  certificate: 11,
  server_key_exchange: 12,
  certificate_request: 13,
  server_hello_done: 14,
  certificate_verify: 15,
  client_key_exchange: 16,
  finished: 20,
} as const;

export const AlertDescription = {
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  record_overflow: 22,
  handshake_failure: 40,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_revoked: 44,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  access_denied: 49,
  decode_error: 50,
  decrypt_error: 51,
  protocol_version: 70,
  insufficient_security: 71,
  internal_error: 80,
  user_canceled: 90,
  no_renegotiation: 100,
  unsupported_extension: 110,
  unknown_psk_identity: 115,
} as const;
export type AlertName = keyof typeof AlertDescription;

export const ExtensionType = {
  server_name: 0,
  supported_groups: 10,
  ec_point_formats: 11,
  signature_algorithms: 13,
  client_certificate_type: 19,
  server_certificate_type: 20,
  encrypt_then_mac: 22,
  extended_master_secret: 23,
  connection_id: 54,
  renegotiation_info: 0xff01,
} as const;

export const CertificateType = { x509: 0, raw_public_key: 2 } as const;

/** DTLS 1.2 on the wire, and DTLS 1.0 which RFC 6347 §4.1 allows in a first ClientHello's record. */
export const DTLS_1_2 = 0xfefd;
export const DTLS_1_0 = 0xfeff;

/** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746). */
export const EMPTY_RENEGOTIATION_SCSV = 0x00ff;
export const NAMED_CURVE_SECP256R1 = 23;
/** SignatureAndHashAlgorithm ecdsa_secp256r1_sha256: hash sha256 (4), signature ecdsa (3). */
export const SIG_ECDSA_SHA256 = 0x0403;
export const CLIENT_CERT_TYPE_ECDSA_SIGN = 64;

function reverse<T extends Record<string, number>>(o: T): Map<number, string> {
  return new Map(Object.entries(o).map(([k, v]) => [v, k]));
}
const contentNames = reverse(ContentType);
const handshakeNames = reverse(HandshakeType);
const alertNames = reverse(AlertDescription);
const extensionNames = reverse(ExtensionType);

export const contentTypeName = (t: number): string => contentNames.get(t) ?? `content_type(${t})`;
export const handshakeName = (t: number): string => handshakeNames.get(t) ?? `handshake_type(${t})`;
export const alertName = (d: number): string => alertNames.get(d) ?? `alert(${d})`;
export const extensionName = (t: number): string => extensionNames.get(t) ?? `extension(${t})`;
export const versionName = (v: number): string =>
  v === DTLS_1_2 ? 'DTLS 1.2' : v === DTLS_1_0 ? 'DTLS 1.0' : `version 0x${v.toString(16).padStart(4, '0')}`;
