/**
 * CoAP over TCP and TLS (RFC 8323 §3.2): one frame is a length header (Len/TKL nibbles, extended
 * length for Len 13/14/15), a code, the token, options and the payload behind 0xFF. There is no
 * type and no Message ID: the stream is reliable, requests and responses match by token only.
 * As for datagrams (codec.ts), a frame that cannot be read throws CoapFormatError and a rule
 * broken inside a readable frame is listed in `problems`. Class 7 is signalling (§5): its options
 * have their own numbers per code and are checked in signalling.ts.
 */
import { encodeFrameLength, FrameError, readFrameHeader } from '../transport/stream-frames';
import { CoapFormatError, type DecodedDatagram, checkRules, decodeOptionsAndPayload, encodeOptionsAndPayload } from './codec';
import { type CoapMessage, byteToCode, codeToByte } from './message';
import { isSignal, signalProblems } from './signalling';

/** Reads exactly one frame: `bytes` must hold it whole and nothing after it. */
export function decodeTcpFrame(bytes: Buffer): DecodedDatagram {
  let header;
  try {
    header = readFrameHeader(bytes);
  } catch (e) {
    if (e instanceof FrameError) throw new CoapFormatError(0, 'token length 0..8', `${bytes[0] & 0x0f} (reserved)`);
    throw e;
  }
  if (!header) throw new CoapFormatError(0, 'a whole CoAP-over-TCP length header', `${bytes.length} byte(s)`);
  const total = header.headerLength + header.bodyLength;
  if (bytes.length < header.codeOffset + 1) throw new CoapFormatError(header.codeOffset, 'a code byte', 'end of frame');
  if (bytes.length < header.headerLength) {
    throw new CoapFormatError(
      header.codeOffset + 1,
      `a ${header.tokenLength}-byte token`,
      `${bytes.length - header.codeOffset - 1} byte(s) left`,
    );
  }
  if (bytes.length !== total) {
    throw new CoapFormatError(0, `a frame of ${total} bytes as its length header says`, `${bytes.length} bytes`);
  }
  const code = byteToCode(bytes[header.codeOffset]);
  const token = Buffer.from(bytes.subarray(header.codeOffset + 1, header.headerLength));
  const { options, payload } = decodeOptionsAndPayload(bytes, header.headerLength);
  const message: CoapMessage = { type: 'CON', code, messageId: 0, token, options, payload, reliable: true };
  const problems: string[] = [];
  const cls = bytes[header.codeOffset] >> 5;
  if (isSignal(code)) {
    problems.push(...signalProblems(message));
  } else {
    if (cls === 1 || cls === 6) problems.push(`code ${code} uses a reserved class (${cls})`);
    checkRules(message, problems);
  }
  return { message, problems };
}

/** Encodes a message as one frame; `type` and `messageId` are not part of it. */
export function encodeTcpMessage(m: CoapMessage): Buffer {
  const body = Buffer.concat(encodeOptionsAndPayload(m.options, m.payload));
  return Buffer.concat([encodeFrameLength(body.length, m.token.length), Buffer.from([codeToByte(m.code)]), m.token, body]);
}
