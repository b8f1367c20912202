/**
 * Protecting and verifying CoAP messages with OSCORE (RFC 8613 §8): the inner message (code,
 * class E options, payload) is encrypted with AES-CCM-16-64-128 into the payload of an outer
 * message that keeps the header, the token and the class U options, carries the OSCORE option
 * and has the outer code POST (FETCH with Observe) for a request, 2.04 (2.05 with Observe) for a
 * response (§4.2). Every failure of a received message is an OscoreError saying which answer
 * §8.2 prescribes; nothing here throws anything else for bad input.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { CoapMessage } from '../message';
import { OptionNumber, byteToCode, codeToByte, isRequestCode } from '../message';
import { CoapFormatError, decodeOptionsAndPayload, encodeOptionsAndPayload } from '../codec';
import { type SecurityContext, TAG_LENGTH } from './context';
import { buildAad } from './aad';
import { buildNonce, partialIvOf, sequenceNumberOf } from './nonce';
import { OSCORE_OPTION, OscoreOptionError, decodeOscoreOption, encodeOscoreOption } from './option';
import { joinOptions, splitOptions } from './option-classes';

/** What a request was protected with: the response is bound to it (§5.4, §8.3). */
export interface OscoreExchange {
  context: SecurityContext;
  requestKid: Buffer;
  requestPiv: Buffer;
  nonce: Buffer;
}

export type OscoreFailure = 'bad-option' | 'no-context' | 'replay' | 'decrypt' | 'bad-plaintext';

/** A received message that cannot be verified; `answerCode` is the error response of §8.2 / §7.4. */
export class OscoreError extends Error {
  constructor(
    readonly failure: OscoreFailure,
    message: string,
    readonly answerCode: string,
  ) {
    super(message);
    this.name = 'OscoreError';
  }
}

/** The outer code a protected message must carry (§4.2). */
export function outerCodeFor(inner: CoapMessage): string {
  const observe = inner.options.some((o) => o.number === OptionNumber.Observe);
  if (isRequestCode(inner.code)) return observe ? '0.05' : '0.02';
  return observe ? '2.05' : '2.04';
}

export function protectRequest(context: SecurityContext, m: CoapMessage): { message: CoapMessage; exchange: OscoreExchange } {
  const piv = partialIvOf(context.senderSequenceNumber++);
  const exchange = { context, requestKid: context.senderId, requestPiv: piv, nonce: buildNonce(context.commonIv, context.senderId, piv) };
  const option = encodeOscoreOption({ partialIv: piv, kid: context.senderId, kidContext: context.idContext });
  return { message: seal(m, context.senderKey, exchange, exchange.nonce, option), exchange };
}

/**
 * A response to a request protected with `exchange`. By default it reuses the request's nonce
 * and carries no Partial IV (§8.3); `freshPartialIv` (required for Observe notifications, §4.1.3.5.2)
 * takes the next sender sequence number instead.
 */
export function protectResponse(exchange: OscoreExchange, m: CoapMessage, opts: { freshPartialIv?: boolean } = {}): CoapMessage {
  const { context } = exchange;
  if (!opts.freshPartialIv) return seal(m, context.senderKey, exchange, exchange.nonce, Buffer.alloc(0));
  const piv = partialIvOf(context.senderSequenceNumber++);
  return seal(m, context.senderKey, exchange, buildNonce(context.commonIv, context.senderId, piv), encodeOscoreOption({ partialIv: piv }));
}

/** Server side (§8.2): finds the context by kid, checks replay, decrypts; the window is updated only on success. */
export function unprotectRequest(
  findContext: (kid: Buffer, kidContext?: Buffer) => SecurityContext | undefined,
  m: CoapMessage,
): { message: CoapMessage; exchange: OscoreExchange } {
  const value = optionOf(m);
  if (!value.kid) throw new OscoreError('bad-option', 'the OSCORE option of a request carries no kid', '4.02');
  if (!value.partialIv) throw new OscoreError('bad-option', 'the OSCORE option of a request carries no Partial IV', '4.02');
  const context = findContext(value.kid, value.kidContext);
  if (!context) throw new OscoreError('no-context', `no security context for kid 0x${value.kid.toString('hex')}`, '4.01');
  const seq = sequenceNumberOf(value.partialIv);
  const replay = context.replay.check(seq);
  if (replay) throw new OscoreError('replay', `replayed request: ${replay}`, '4.01');
  const exchange = {
    context,
    requestKid: value.kid,
    requestPiv: value.partialIv,
    nonce: buildNonce(context.commonIv, value.kid, value.partialIv),
  };
  const message = open(m, context.recipientKey, exchange, exchange.nonce);
  context.replay.accept(seq);
  return { message, exchange };
}

/** Client side (§8.4): a response to the request protected with `exchange`. */
export function unprotectResponse(exchange: OscoreExchange, m: CoapMessage): CoapMessage {
  const { context } = exchange;
  const value = optionOf(m);
  const nonce = value.partialIv ? buildNonce(context.commonIv, context.recipientId, value.partialIv) : exchange.nonce;
  return open(m, context.recipientKey, exchange, nonce);
}

function seal(m: CoapMessage, key: Buffer, exchange: OscoreExchange, nonce: Buffer, option: Buffer): CoapMessage {
  const isRequest = isRequestCode(m.code);
  const { inner, outer } = splitOptions(m.options, isRequest);
  const plaintext = Buffer.concat([Buffer.from([codeToByte(m.code)]), ...encodeOptionsAndPayload(inner, m.payload)]);
  const aad = buildAad(exchange.context.aead, exchange.requestKid, exchange.requestPiv);
  const cipher = createCipheriv('aes-128-ccm', key, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad, { plaintextLength: plaintext.length });
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const options = [...outer, { number: OSCORE_OPTION, value: option }].sort((a, b) => a.number - b.number);
  return { ...m, code: outerCodeFor(m), options, payload: ciphertext };
}

function open(m: CoapMessage, key: Buffer, exchange: OscoreExchange, nonce: Buffer): CoapMessage {
  if (m.payload.length <= TAG_LENGTH)
    throw new OscoreError(
      'decrypt',
      `the payload has ${m.payload.length} byte(s): too short for a ciphertext and its ${TAG_LENGTH}-byte tag`,
      '4.00',
    );
  const ciphertext = m.payload.subarray(0, m.payload.length - TAG_LENGTH);
  const aad = buildAad(exchange.context.aead, exchange.requestKid, exchange.requestPiv);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-128-ccm', key, nonce, { authTagLength: TAG_LENGTH });
    decipher.setAuthTag(m.payload.subarray(m.payload.length - TAG_LENGTH));
    decipher.setAAD(aad, { plaintextLength: ciphertext.length });
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new OscoreError('decrypt', 'decryption failed: the AES-CCM authentication tag does not verify', '4.00');
  }
  try {
    const { options, payload } = decodeOptionsAndPayload(plaintext, 1);
    return { ...m, code: byteToCode(plaintext[0]), options: joinOptions(m.options, options), payload };
  } catch (e) {
    if (!(e instanceof CoapFormatError)) throw e;
    throw new OscoreError('bad-plaintext', `the decrypted plaintext is not a CoAP code, options and payload: ${e.message}`, '4.00');
  }
}

function optionOf(m: CoapMessage): { partialIv?: Buffer; kid?: Buffer; kidContext?: Buffer } {
  const options = m.options.filter((o) => o.number === OSCORE_OPTION);
  if (options.length === 0) throw new OscoreError('bad-option', 'the message carries no OSCORE option', '4.02');
  if (options.length > 1) throw new OscoreError('bad-option', `the message carries ${options.length} OSCORE options`, '4.02');
  try {
    return decodeOscoreOption(options[0].value);
  } catch (e) {
    if (e instanceof OscoreOptionError) throw new OscoreError('bad-option', e.message, '4.02');
    throw e;
  }
}
