/**
 * DTLS 1.2 on loopback, our client against our server:
 *  - full handshakes per second (PSK-CCM8, ECDHE-ECDSA-CCM8 with an X.509 chain check), sequential and 8 in parallel;
 *  - application record throughput (MB/s of payload) per cipher suite, with at most WINDOW datagrams in flight.
 * Both sides run in this one process (one thread), so each figure pays for client and server.
 * Run: npx tsx bench/dtls.bench.ts [--handshakes N] [--records N] [--size BYTES]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDtlsClient, createDtlsServer, CipherSuiteName, DtlsEndpoint } from '../src/transport/dtls';
import type { DtlsClientOptions, DtlsServerOptions } from '../src/transport/dtls';

const argAfter = (flag: string, dflt: number) => {
  const i = process.argv.indexOf(flag);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const HANDSHAKES = argAfter('--handshakes', 200);
const RECORDS = argAfter('--records', 20000);
const SIZE = argAfter('--size', 1024);
const WINDOW = 64;
const keys = (f: string) => readFileSync(join(__dirname, '../fixtures/keys', f));
const psk = Buffer.from('73656372657450534b21', 'hex');

const modes: Record<string, { server: DtlsServerOptions; client: DtlsClientOptions }> = {
  'PSK-CCM8': { server: { psk: () => psk }, client: { pskIdentity: 'bench', pskKey: psk } },
  'ECDHE-ECDSA-CCM8 (X.509)': {
    server: { certificate: { chain: keys('server.crt'), key: keys('server.key') } },
    client: { trustAnchors: [keys('ca.crt')] },
  },
};

async function handshakes(name: string, parallel: number): Promise<void> {
  const { server: so, client: co } = modes[name];
  const server = await createDtlsServer({ host: '127.0.0.1', ...so });
  const clients: DtlsEndpoint[] = [];
  for (let i = 0; i < parallel; i++) clients.push(await createDtlsClient({ host: '127.0.0.1', ...co }));
  const perClient = Math.ceil(HANDSHAKES / parallel);
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < perClient; i++) {
        await c.connect(server.local);
        c.closeSession(server.local);
      }
    }),
  );
  const ms = performance.now() - t0;
  const n = perClient * parallel;
  console.log(
    `${name.padEnd(26)} ${String(parallel).padStart(2)} parallel: ${n} handshakes in ${ms.toFixed(0)} ms = ${((n * 1000) / ms).toFixed(0)} /s (${(ms / perClient).toFixed(2)} ms each per client)`,
  );
  for (const c of clients) await c.close();
  await server.close();
}

async function throughput(suite: CipherSuiteName): Promise<void> {
  const isPsk = suite.startsWith('TLS_PSK');
  const mode = isPsk ? modes['PSK-CCM8'] : modes['ECDHE-ECDSA-CCM8 (X.509)'];
  const server = await createDtlsServer({ host: '127.0.0.1', ...mode.server, cipherSuites: [suite] });
  const client = await createDtlsClient({ host: '127.0.0.1', ...mode.client, cipherSuites: [suite] });
  await client.connect(server.local);
  let received = 0;
  let bytes = 0;
  let wake: (() => void) | undefined;
  server.onDatagram((d) => {
    received++;
    bytes += d.length;
    wake?.();
  });
  const payload = Buffer.alloc(SIZE, 0x5a);
  const t0 = performance.now();
  let sent = 0;
  // Loopback UDP drops when flooded; keep a window and stop waiting for stragglers at a deadline.
  while (sent < RECORDS) {
    while (sent < RECORDS && sent - received < WINDOW) {
      await client.send(server.local, payload);
      sent++;
    }
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        received = sent; // whatever did not arrive by now is lost; carry on
        resolve();
      }, 200);
      wake = () => {
        if (sent - received < WINDOW / 2 || received >= sent) {
          clearTimeout(deadline);
          wake = undefined;
          resolve();
        }
      };
    });
  }
  await new Promise<void>((resolve) => {
    const deadline = setTimeout(resolve, 200); // stragglers after this count as lost
    wake = () => {
      if (bytes >= sent * SIZE) {
        clearTimeout(deadline);
        resolve();
      }
    };
  });
  const ms = performance.now() - t0;
  console.log(
    `${suite.padEnd(40)} ${SIZE} B records: ${(((bytes / ms) * 1000) / 1e6).toFixed(1)} MB/s delivered, ${((sent * 1000) / ms).toFixed(0)} records/s, ${sent - Math.round(bytes / SIZE)} lost`,
  );
  await client.close();
  await server.close();
}

(async () => {
  console.log(`node ${process.version}; ${HANDSHAKES} handshakes per line; ${RECORDS} records of ${SIZE} bytes per suite`);
  for (const name of Object.keys(modes)) {
    await handshakes(name, 1);
    await handshakes(name, 8);
  }
  for (const suite of [
    'TLS_PSK_WITH_AES_128_CCM_8',
    'TLS_PSK_WITH_AES_128_CBC_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8',
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  ] as CipherSuiteName[])
    await throughput(suite);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
