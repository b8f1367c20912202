/**
 * OSCORE (RFC 8613) cost per message: protect and unprotect of a Register (180-byte link list),
 * of a GET /3/0 and of its 2.05 answer (200 bytes of SenML CBOR), and the context derivation.
 * Each figure is the median, min and max of 15 rounds, one round being the mean of a batch.
 * Run: npx tsx bench/oscore.bench.ts [--ms 300]
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { CoapMessage } from '../src/coap/message';
import { uriOptions, uintOption, OptionNumber } from '../src/coap/message';
import { deriveContext } from '../src/coap/oscore/context';
import { ReplayWindow } from '../src/coap/oscore/replay';
import { protectRequest, protectResponse, unprotectRequest, unprotectResponse } from '../src/coap/oscore/protect';

const i = process.argv.indexOf('--ms');
const MS = Number(i < 0 ? 300 : process.argv[i + 1]);
const ROUNDS = 15;

const input = {
  masterSecret: randomBytes(16),
  masterSalt: randomBytes(8),
  senderId: Buffer.from('c1', 'hex'),
  recipientId: Buffer.from('5e', 'hex'),
};
const client = deriveContext(input);
const server = deriveContext({ ...input, senderId: input.recipientId, recipientId: input.senderId });
const message = (code: string, options: CoapMessage['options'], payload: Buffer): CoapMessage => ({
  type: 'CON',
  code,
  messageId: 1,
  token: randomBytes(4),
  options,
  payload,
});
const register = message(
  '0.02',
  [...uriOptions('/rd?ep=urn:dev:ref-0001&lt=30&lwm2m=1.1&b=U'), uintOption(OptionNumber.ContentFormat, 40)],
  Buffer.alloc(180, 0x3c),
);
const read = message('0.01', uriOptions('/3/0'), Buffer.alloc(0));
const content = { ...message('2.05', [uintOption(OptionNumber.ContentFormat, 112)], randomBytes(200)), type: 'ACK' as const };

/** Microseconds per call: `fn` run in batches for about MS milliseconds, ROUNDS times. */
function measure(name: string, fn: () => void): void {
  const perCall: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < MS / ROUNDS) {
      for (let k = 0; k < 100; k++) fn();
      n += 100;
    }
    perCall.push(((performance.now() - start) * 1000) / n);
  }
  perCall.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(44)} median ${perCall[ROUNDS >> 1].toFixed(1)} µs, min ${perCall[0].toFixed(1)}, max ${perCall[ROUNDS - 1].toFixed(1)} (n=${ROUNDS})`,
  );
}

measure('derive context (3 HKDF)', () => deriveContext(input));
measure('protect Register (client)', () => protectRequest(client, register));
const wireRegister = protectRequest(client, register).message;
// Unprotecting the same request again would be a replay: a fresh window each time measures the crypto.
measure('unprotect Register (server)', () => unprotectRequest(() => ({ ...server, replay: new ReplayWindow() }), wireRegister));
measure('protect GET /3/0 (server)', () => protectRequest(server, read));
const sent = protectRequest(server, read);
const exchange = unprotectRequest(() => client, sent.message).exchange;
measure('protect 2.05 answer, 200 B (client)', () => protectResponse(exchange, content));
const wireContent = protectResponse(exchange, content);
measure('unprotect 2.05 answer, 200 B (server)', () => unprotectResponse(sent.exchange, wireContent));
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
