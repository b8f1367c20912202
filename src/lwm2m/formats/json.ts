/**
 * A strict JSON reader (RFC 8259) for SenML JSON and OMA JSON. JSON.parse is not enough for a
 * judge: it keeps the last of duplicate keys, rounds integers above 2^53 and gives no offsets.
 * Offsets here are character offsets in the UTF-8-decoded text.
 */
import { DecodeError, shown } from '../errors';

export type JsonValue =
  | { kind: 'object'; offset: number; entries: Map<string, { keyOffset: number; value: JsonValue }> }
  | { kind: 'array'; offset: number; items: JsonValue[] }
  | { kind: 'string'; offset: number; value: string }
  | { kind: 'number'; offset: number; text: string }
  | { kind: 'boolean'; offset: number; value: boolean }
  | { kind: 'null'; offset: number };

const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

export function parseJsonStrict(text: string, format: string): JsonValue {
  let pos = 0;
  const fail = (expected: string, at = pos): never => {
    throw new DecodeError({ format, offset: at, expected, actual: shown(text[at]) });
  };
  const ws = () => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t' || text[pos] === '\n' || text[pos] === '\r')) pos++;
  };
  const value = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail(`nesting of at most ${MAX_DEPTH} levels`);
    ws();
    const offset = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const entries = new Map<string, { keyOffset: number; value: JsonValue }>();
      ws();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', offset, entries };
      }
      for (;;) {
        ws();
        const keyOffset = pos;
        if (text[pos] !== '"') fail('a quoted member name');
        const key = string();
        if (entries.has(key))
          throw new DecodeError({
            format,
            offset: keyOffset,
            expected: 'unique member names in an object',
            actual: `a second ${JSON.stringify(key)}`,
          });
        ws();
        if (text[pos] !== ':') fail('":" after the member name');
        pos++;
        entries.set(key, { keyOffset, value: value(depth + 1) });
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { kind: 'object', offset, entries };
        }
        fail('"," or "}" in an object');
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonValue[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', offset, items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { kind: 'array', offset, items };
        }
        fail('"," or "]" in an array');
      }
    }
    if (c === '"') return { kind: 'string', offset, value: string() };
    if (text.startsWith('true', pos)) {
      pos += 4;
      return { kind: 'boolean', offset, value: true };
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return { kind: 'boolean', offset, value: false };
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return { kind: 'null', offset };
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return { kind: 'number', offset, text: m[0] };
    }
    return fail('a JSON value');
  };
  const string = (): string => {
    const open = pos;
    pos++;
    let out = '';
    for (;;) {
      if (pos >= text.length) fail(`'"' closing the string opened at offset ${open}`);
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        break;
      }
      if (c < 0x20) fail('a control character to be escaped inside a string');
      if (c === 0x5c) {
        const e = text[pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          pos += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
          continue;
        }
        fail('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
      }
      out += text[pos];
      pos++;
    }
    if (LONE_SURROGATE.test(out))
      throw new DecodeError({
        format,
        offset: open,
        expected: 'a string of valid Unicode (no lone surrogate escapes)',
        actual: 'a lone surrogate',
      });
    return out;
  };
  const v = value(0);
  ws();
  if (pos < text.length) fail('the end of the JSON text');
  return v;
}

/** A JSON number as an exact integer (bigint) or, with a fraction or exponent, a float. */
export function jsonNumber(n: { text: string }): bigint | number {
  return /^-?[0-9]+$/.test(n.text) ? BigInt(n.text) : Number(n.text);
}

export function jsonKind(v: JsonValue): string {
  switch (v.kind) {
    case 'number':
      return `number ${v.text}`;
    case 'string':
      return `string ${JSON.stringify(v.value.length > 30 ? v.value.slice(0, 30) + '…' : v.value)}`;
    case 'boolean':
      return String(v.value);
    default:
      return v.kind;
  }
}
