/**
 * Handshakes through a relay that corrupts random bytes both ways: every outcome must be a completed
 * session or a typed DtlsError, with no harness error in the trace and no crash.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Trace } from '../../../src/trace/trace';
import { createDtlsClient, createDtlsServer, DtlsEndpoint, DtlsError } from '../../../src/transport/dtls';
import type { DtlsClientOptions, DtlsServerOptions } from '../../../src/transport/dtls';
import { PSK, UdpRelay, key } from './helpers';

const endpoints: DtlsEndpoint[] = [];
const relays: UdpRelay[] = [];
after(async () => {
  for (const e of endpoints) await e.close();
  for (const r of relays) await r.close();
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function corrupter(random: () => number) {
  return (d: Buffer): Buffer[] => {
    const r = random();
    if (r < 0.7) return [d];
    const copy = Buffer.from(d);
    if (r < 0.75) return [copy.subarray(0, Math.floor(random() * copy.length))]; // truncated
    const flips = 1 + Math.floor(random() * 3);
    for (let i = 0; i < flips; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
    return [copy];
  };
}

async function fuzz(name: string, server: DtlsServerOptions, client: DtlsClientOptions, rounds: number, seed: number) {
  const timers = { initialRetransmitMs: 10, maxRetransmitMs: 40, maxRetransmissions: 2 };
  const trace = new Trace();
  const s = await createDtlsServer({ host: '127.0.0.1', timers, trace, ...server });
  const relay = await UdpRelay.open(s.local);
  endpoints.push(s);
  relays.push(relay);
  const random = rng(seed);
  relay.tamper = corrupter(random);
  relay.tamperBack = corrupter(random);
  const outcomes = new Map<string, number>();
  for (let i = 0; i < rounds; i++) {
    const c = await createDtlsClient({ host: '127.0.0.1', timers, trace, ...client });
    const outcome = await c.connect(relay.address).then(
      () => 'established',
      (e: unknown) => {
        assert.ok(e instanceof DtlsError, `round ${i}: ${String(e)}`);
        return e.reason;
      },
    );
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    await c.close();
  }
  const harnessErrors = trace.entries.filter((e) => e.problem?.startsWith('harness error'));
  assert.deepEqual(
    harnessErrors.map((e) => e.problem),
    [],
    `${name}: the stack threw on corrupted input`,
  );
  assert.ok(trace.entries.filter((e) => e.problem).length > rounds, `${name}: corrupted records were traced as problems`);
  // Still serving cleanly afterwards.
  relay.tamper = relay.tamperBack = undefined;
  const c = await createDtlsClient({ host: '127.0.0.1', timers: { initialRetransmitMs: 100 }, ...client });
  endpoints.push(c);
  await c.connect(relay.address);
  return outcomes;
}

test('PSK handshakes survive random corruption both ways', async () => {
  const outcomes = await fuzz('PSK', { psk: () => PSK }, { pskIdentity: 'fuzz', pskKey: PSK }, 30, 0x5eed);
  assert.ok(outcomes.size > 1, `several outcomes: ${JSON.stringify([...outcomes])}`);
});

test('ECDHE-ECDSA with certificates survives random corruption both ways', async () => {
  const outcomes = await fuzz(
    'ECDHE',
    { certificate: { chain: key('server.crt'), key: key('server.key') }, trustAnchors: [key('ca.crt')], requireClientCertificate: true },
    { certificate: { chain: key('client.crt'), key: key('client.key') }, trustAnchors: [key('ca.crt')] },
    30,
    0xc0ffee,
  );
  assert.ok(outcomes.size > 1, `several outcomes: ${JSON.stringify([...outcomes])}`);
});
