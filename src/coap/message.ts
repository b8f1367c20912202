/** The CoAP message model (RFC 7252), independent of any socket. */

export type CoapType = 'CON' | 'NON' | 'ACK' | 'RST';
export const COAP_TYPES: readonly CoapType[] = ['CON', 'NON', 'ACK', 'RST'];

export interface CoapOption {
  number: number;
  value: Buffer;
}

export interface CoapMessage {
  type: CoapType;
  /** "c.dd" form, e.g. "0.02" for POST, "2.05" for Content. */
  code: string;
  messageId: number;
  token: Buffer;
  /** In wire order (sorted by number; repeated options keep their order). */
  options: CoapOption[];
  payload: Buffer;
  /**
   * Read from or written to a reliable stream (CoAP over TCP/TLS, RFC 8323): the frame has no type
   * and no Message ID, so `type` and `messageId` carry no meaning (decoded as CON and 0).
   */
  reliable?: boolean;
}

export const OptionNumber = {
  IfMatch: 1,
  UriHost: 3,
  ETag: 4,
  IfNoneMatch: 5,
  Observe: 6,
  UriPort: 7,
  LocationPath: 8,
  /** RFC 8613: the message is protected with OSCORE. */
  OSCORE: 9,
  UriPath: 11,
  ContentFormat: 12,
  MaxAge: 14,
  UriQuery: 15,
  Accept: 17,
  LocationQuery: 20,
  Block2: 23,
  Block1: 27,
  Size2: 28,
  ProxyUri: 35,
  ProxyScheme: 39,
  Size1: 60,
  NoResponse: 258,
  /** RFC 9175: tells apart block-wise operations on the same resource. */
  RequestTag: 292,
} as const;

export const OPTION_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(OptionNumber).map(([k, v]) => [v, k.replace(/([a-z])([A-Z])/g, '$1-$2')]),
);

export const CODE_NAMES: Record<string, string> = {
  '0.00': 'Empty',
  '0.01': 'GET',
  '0.02': 'POST',
  '0.03': 'PUT',
  '0.04': 'DELETE',
  '0.05': 'FETCH',
  '0.06': 'PATCH',
  '0.07': 'iPATCH',
  '2.01': 'Created',
  '2.02': 'Deleted',
  '2.03': 'Valid',
  '2.04': 'Changed',
  '2.05': 'Content',
  '2.31': 'Continue',
  '4.00': 'Bad Request',
  '4.01': 'Unauthorized',
  '4.02': 'Bad Option',
  '4.03': 'Forbidden',
  '4.04': 'Not Found',
  '4.05': 'Method Not Allowed',
  '4.06': 'Not Acceptable',
  '4.08': 'Request Entity Incomplete',
  '4.09': 'Conflict',
  '4.12': 'Precondition Failed',
  '4.13': 'Request Entity Too Large',
  '4.15': 'Unsupported Content-Format',
  '5.00': 'Internal Server Error',
  '5.01': 'Not Implemented',
  '5.02': 'Bad Gateway',
  '5.03': 'Service Unavailable',
  '5.04': 'Gateway Timeout',
  '5.05': 'Proxying Not Supported',
};

export const Method = {
  GET: '0.01',
  POST: '0.02',
  PUT: '0.03',
  DELETE: '0.04',
  FETCH: '0.05',
  PATCH: '0.06',
  iPATCH: '0.07',
} as const;

export function codeToByte(code: string): number {
  const m = /^([0-7])\.(\d\d)$/.exec(code);
  if (!m || Number(m[2]) > 31) throw new Error(`invalid CoAP code "${code}"`);
  return (Number(m[1]) << 5) | Number(m[2]);
}

export function byteToCode(b: number): string {
  return `${b >> 5}.${String(b & 0x1f).padStart(2, '0')}`;
}

export function codeName(code: string): string {
  return CODE_NAMES[code] ? `${code} ${CODE_NAMES[code]}` : code;
}

export const isRequestCode = (code: string) => code.startsWith('0.') && code !== '0.00';
export const isResponseCode = (code: string) => /^[2-5]\./.test(code);
export const isEmpty = (m: CoapMessage) => m.code === '0.00';

// ---- option accessors -------------------------------------------------------

export function optionValues(m: CoapMessage, number: number): Buffer[] {
  return m.options.filter((o) => o.number === number).map((o) => o.value);
}

export function optionUint(m: CoapMessage, number: number): number | undefined {
  const v = optionValues(m, number)[0];
  return v === undefined ? undefined : decodeUint(v);
}

export function decodeUint(b: Buffer): number {
  let n = 0;
  for (const byte of b) n = n * 256 + byte;
  return n;
}

export function encodeUint(n: number): Buffer {
  if (n === 0) return Buffer.alloc(0);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n % 256);
    n = Math.floor(n / 256);
  }
  return Buffer.from(bytes);
}

/** Uri-Path as "/a/b" ("/" when absent). */
export function uriPath(m: CoapMessage): string {
  return (
    '/' +
    optionValues(m, OptionNumber.UriPath)
      .map((v) => v.toString('utf8'))
      .join('/')
  );
}

export function uriQuery(m: CoapMessage): string[] {
  return optionValues(m, OptionNumber.UriQuery).map((v) => v.toString('utf8'));
}

/** Query parameters as a map; a parameter without "=" maps to "" (e.g. "Q"). */
export function queryParams(m: CoapMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const q of uriQuery(m)) {
    const i = q.indexOf('=');
    out.set(i < 0 ? q : q.slice(0, i), i < 0 ? '' : q.slice(i + 1));
  }
  return out;
}

export function locationPath(m: CoapMessage): string[] {
  return optionValues(m, OptionNumber.LocationPath).map((v) => v.toString('utf8'));
}

export const contentFormat = (m: CoapMessage) => optionUint(m, OptionNumber.ContentFormat);
export const accept = (m: CoapMessage) => optionUint(m, OptionNumber.Accept);
export const observe = (m: CoapMessage) => optionUint(m, OptionNumber.Observe);

/** Builds the Uri-Path / Uri-Query options for "/a/b?x=1&y". */
export function uriOptions(pathAndQuery: string): CoapOption[] {
  const [path, query] = splitOnce(pathAndQuery, '?');
  const opts: CoapOption[] = [];
  for (const seg of path.split('/').filter((s) => s.length > 0)) {
    opts.push({ number: OptionNumber.UriPath, value: Buffer.from(seg, 'utf8') });
  }
  if (query !== undefined) {
    for (const q of query.split('&').filter((s) => s.length > 0)) {
      opts.push({ number: OptionNumber.UriQuery, value: Buffer.from(q, 'utf8') });
    }
  }
  return opts;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

export function uintOption(number: number, value: number): CoapOption {
  return { number, value: encodeUint(value) };
}
