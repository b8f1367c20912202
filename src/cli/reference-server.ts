/** `lwm2m-conformance reference-server`: the built-in known-good LwM2M server and its HTTP API, on their own. */
import { runUntilStopped } from './until-stopped';
import { parseArgs } from 'node:util';
import { ReferenceServer } from '../peers/reference-server/server';
import { ReferenceServerApi } from '../peers/reference-server/http-api';
import { SERVER_FAULTS, isServerFaultName, type ServerFaultName } from '../peers/reference-server/faults';
import type { ReferenceServerSecurity } from '../peers/reference-server/security';
import * as fs from 'node:fs';
import { UsageError } from './usage';
import { oscoreFromFlags } from './reference-client';

export const REFERENCE_SERVER_USAGE = `Usage: lwm2m-conformance reference-server [--host ADDR] [--port N] [--tcp] [--http-port N]
         [--lifetime-grace MS] [--ack-timeout MS] [--response-timeout MS] [--queue-awake MS] [--fault NAME ...]
         [--psk-identity ID --psk-key HEX | --certificate FILE --private-key FILE --trust-anchor FILE
          | --private-key FILE --client-public-key FILE]
         [--oscore-master-secret HEX --oscore-sender-id HEX --oscore-recipient-id HEX [--oscore-salt HEX]]

Starts the built-in reference LwM2M server on CoAP/UDP (default port 5683; 0 picks a free one)
and its HTTP API (default port 8080; 0 picks a free one). It prints both addresses, then serves
until SIGTERM, SIGINT or the line "quit" on its standard input.
With --psk-identity/--psk-key (the one client it knows) or --certificate/--private-key/
--trust-anchor (its own certificate, and the CA client certificates must chain to), or
--private-key/--client-public-key (raw public keys, RFC 7250: its own key, and the one client key
it accepts) it serves CoAP over DTLS 1.2 (coaps://, default port 5684) instead.
With --tcp it serves CoAP over TCP (RFC 8323, coap+tcp://) on --port instead of UDP, or with
--psk-identity/--psk-key or --certificate/--private-key/--trust-anchor over TLS 1.2
(coaps+tcp://, default port 5684); raw public keys are not offered over TLS.
With --oscore-* it speaks OSCORE (RFC 8613) with the one client it knows, on top of the transport:
its answers to protected requests are protected, and so are its requests to a client that spoke
OSCORE to it. Its Sender ID is that client's Recipient ID and the other way round.
A queue-mode client counts as asleep --queue-awake MS after its last Register or Update
(default 93000, CoAP's MAX_TRANSMIT_WAIT): requests for it wait for its next Update.

HTTP API (JSON): GET /api/clients; GET /api/clients/{endpoint};
  POST /api/clients/{endpoint}/{read|discover|write|execute|create|delete|write-attributes|observe|cancel-observation}
       with { "path": "/3/0/0", "format": "tlv", "value": …, "mode": "partial", "attributes": { "pmin": 5 } };
  POST /api/clients/{endpoint}/{read-composite|observe-composite|cancel-observation-composite}
       with { "paths": ["/3/0/16", "/1/0"], "format": "senml-json", "mode": "passive" };
  POST /api/clients/{endpoint}/write-composite with { "values": { "/1/0/1": 61 }, "format": "senml-cbor" };
  POST /api/clients/{endpoint}/firmware-update with { "package": "/path/to/file" } (push) or { "uri": "…" } (pull):
    delivers, waits for State 2, executes /5/0/2, follows State; answers { code, stage, state, updateResult, firmwareVersion };
  GET /api/clients/{endpoint}/notifications?path=…; GET /api/sent.

Faults (each breaks one rule of the specification, for testing a judge):
${Object.entries(SERVER_FAULTS)
  .map(([k, v]) => `  ${k.padEnd(32)} ${v}`)
  .join('\n')}`;

function port(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${flag}: expected a port 0..65535, got "${value}"`);
  return n;
}

/** DTLS credentials from the flags: none, PSK, raw public keys or X.509 (each needs all its flags). */
function securityFrom(v: Record<string, string | undefined>): ReferenceServerSecurity {
  const read = (flag: string) => {
    try {
      return fs.readFileSync(v[flag]!);
    } catch (e) {
      throw new UsageError(`--${flag}: cannot read "${v[flag]}": ${(e as Error).message}`);
    }
  };
  if (v['psk-identity'] !== undefined || v['psk-key'] !== undefined) {
    if (v['psk-identity'] === undefined || !/^([0-9a-fA-F]{2})+$/.test(v['psk-key'] ?? ''))
      throw new UsageError('PSK mode needs --psk-identity ID and --psk-key as an even number of hex digits');
    return { mode: 'psk', identity: v['psk-identity'], key: Buffer.from(v['psk-key']!, 'hex') };
  }
  if (v['client-public-key'] !== undefined) {
    if (!v['private-key'] || v.certificate !== undefined || v['trust-anchor'] !== undefined)
      throw new UsageError('raw public key mode needs --private-key and --client-public-key, and no --certificate or --trust-anchor');
    return { mode: 'rpk', privateKey: read('private-key'), clientPublicKey: read('client-public-key') };
  }
  if (v.certificate !== undefined || v['private-key'] !== undefined || v['trust-anchor'] !== undefined) {
    if (!v.certificate || !v['private-key'] || !v['trust-anchor'])
      throw new UsageError('X.509 mode needs --certificate, --private-key and --trust-anchor');
    return { mode: 'x509', certificate: read('certificate'), privateKey: read('private-key'), trustAnchor: read('trust-anchor') };
  }
  return { mode: 'nosec' };
}

function millis(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag}: expected milliseconds (an integer >= 0), got "${value}"`);
  return n;
}

export async function referenceServerCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      'http-port': { type: 'string', default: '8080' },
      'lifetime-grace': { type: 'string', default: '1000' },
      'ack-timeout': { type: 'string', default: '2000' },
      'response-timeout': { type: 'string', default: '5000' },
      'queue-awake': { type: 'string', default: '93000' },
      fault: { type: 'string', multiple: true, default: [] },
      'psk-identity': { type: 'string' },
      'psk-key': { type: 'string' },
      certificate: { type: 'string' },
      'private-key': { type: 'string' },
      'trust-anchor': { type: 'string' },
      'client-public-key': { type: 'string' },
      tcp: { type: 'boolean' },
      'oscore-master-secret': { type: 'string' },
      'oscore-sender-id': { type: 'string' },
      'oscore-recipient-id': { type: 'string' },
      'oscore-salt': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(REFERENCE_SERVER_USAGE);
    return 0;
  }
  const faults = values.fault as string[];
  const unknown = faults.filter((f) => !isServerFaultName(f));
  if (unknown.length) throw new UsageError(`--fault: unknown fault ${unknown.join(', ')}; known: ${Object.keys(SERVER_FAULTS).join(', ')}`);
  const security = securityFrom(values as unknown as Record<string, string | undefined>);
  if (values.tcp && security.mode === 'rpk') throw new UsageError('--tcp: raw public keys are not offered over TLS; use PSK or X.509');
  const server = new ReferenceServer({
    host: values.host,
    port: port('port', values.port ?? (security.mode === 'nosec' ? '5683' : '5684')),
    security,
    tcp: values.tcp,
    oscore: oscoreFromFlags(values),
    faults: faults as ServerFaultName[],
    lifetimeGraceMs: millis('lifetime-grace', values['lifetime-grace']!),
    ackTimeoutMs: millis('ack-timeout', values['ack-timeout']!),
    responseTimeoutMs: millis('response-timeout', values['response-timeout']!),
    queueAwakeMs: millis('queue-awake', values['queue-awake']!),
  });
  await server.start();
  const api = new ReferenceServerApi(server);
  const apiUri = await api.listen(port('http-port', values['http-port']!), values.host);
  // One line each, so that a harness can capture the addresses from the output.
  console.log(`[reference-server] LwM2M server on ${server.uri}`);
  console.log(`[reference-server] HTTP API on ${apiUri}`);
  // Registrations as they come, for someone trying a client (and a capture a profile may name).
  server.rd.events.onPush((e) => {
    if (e.registration && (e.kind === 'register' || e.kind === 'deregister' || e.kind === 'expired'))
      console.log(
        `[reference-server] ${e.kind === 'register' ? 'registered' : e.kind === 'deregister' ? 'deregistered' : 'expired'}: ${e.registration.endpoint} at /rd/${e.registration.id}`,
      );
  });
  return runUntilStopped(async () => {
    await api.close();
    await server.close();
  });
}
