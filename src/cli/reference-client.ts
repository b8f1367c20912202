/** `lwm2m-conformance reference-client`: the built-in known-good LwM2M client, on its own. */
import { runUntilStopped } from './until-stopped';
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import { ReferenceClient, type ClientSecurity } from '../peers/reference-client/client';
import { FAULTS, isFaultName, type FaultName } from '../peers/reference-client/faults';
import { UsageError } from './usage';
import { parseUri } from '../peers/reference-client/bootstrap';
import type { ClientOscore } from '../peers/reference-client/oscore';
import { deriveContext } from '../coap/oscore/context';

export const REFERENCE_CLIENT_USAGE = `Usage: lwm2m-conformance reference-client --server coap[s][+tcp]://HOST:PORT --endpoint NAME
         [--lifetime SECONDS] [--lwm2m-version 1.0|1.1|1.2] [--ack-timeout MS] [--block-size 16..1024]
         [--con-share 0..1] [--fault NAME ...]
         [--bootstrap coap[s]://HOST:PORT [--client-hold-off SECONDS] [--bootstrap-pack]] [--response-timeout MS]
         --bootstrap alone starts from a factory configuration holding only that Bootstrap-Server
         account; with --server too, from one holding both accounts (the client registers and
         bootstraps only if that fails). The credentials flags secure both channels.
         coap+tcp:// and coaps+tcp:// run CoAP over TCP and TLS (RFC 8323; TLS: PSK or X.509).
         coaps:// (DTLS 1.2) with one of:
           --psk-identity ID --psk-key HEX                                  pre-shared key
           --certificate FILE --private-key FILE --trust-anchor FILE [--server-name NAME]   X.509
           --private-key FILE --server-public-key FILE                      raw public keys
         OSCORE (RFC 8613) to the --server, over coap:// or coaps://:
           --oscore-master-secret HEX --oscore-sender-id HEX --oscore-recipient-id HEX [--oscore-salt HEX]

Starts the built-in reference LwM2M client. It stops (and de-registers) on SIGTERM, SIGINT
or the line "quit" on its standard input.

Faults (each breaks one rule of the specification, for testing a judge):
${Object.entries(FAULTS)
  .map(([k, v]) => `  ${k.padEnd(28)} ${v}`)
  .join('\n')}`;

/** After stopping, how long the process may take to wind down before it exits regardless. */
const EXIT_GRACE_MS = 200;

export function parseServerUri(uri: string): { secure: boolean; tcp: boolean; host: string; port: number } {
  const parsed = parseUri(uri);
  if (!parsed) throw new UsageError(`--server: expected coap[s]://HOST[:PORT] or coap[s]+tcp://HOST[:PORT], got "${uri}"`);
  return parsed;
}

type SecurityFlags = Partial<
  Record<'psk-identity' | 'psk-key' | 'certificate' | 'private-key' | 'trust-anchor' | 'server-name' | 'server-public-key', string>
>;

/** The security mode follows from the flags given; a coaps:// URI needs credentials. */
export function securityFromFlags(secure: boolean, f: SecurityFlags): ClientSecurity {
  const read = (flag: keyof SecurityFlags) => {
    try {
      return fs.readFileSync(f[flag]!);
    } catch (e) {
      throw new UsageError(`--${flag}: cannot read "${f[flag]}": ${(e as Error).message}`);
    }
  };
  const given = Object.keys(f).filter((k) => f[k as keyof SecurityFlags] !== undefined);
  if (!secure) {
    if (given.length) throw new UsageError(`--${given[0]} needs a coaps:// server URI`);
    return { mode: 'nosec' };
  }
  if (f['psk-identity'] !== undefined || f['psk-key'] !== undefined) {
    if (f['psk-identity'] === undefined || !f['psk-key'] || !/^([0-9a-fA-F]{2})+$/.test(f['psk-key'])) {
      throw new UsageError('PSK mode needs --psk-identity ID and --psk-key as an even number of hex digits');
    }
    return { mode: 'psk', identity: f['psk-identity'], key: Buffer.from(f['psk-key'], 'hex') };
  }
  if (f.certificate !== undefined) {
    if (!f['private-key'] || !f['trust-anchor']) throw new UsageError('X.509 mode needs --certificate, --private-key and --trust-anchor');
    return {
      mode: 'x509',
      certificate: read('certificate'),
      privateKey: read('private-key'),
      trustAnchor: read('trust-anchor'),
      serverName: f['server-name'],
    };
  }
  if (f['private-key'] !== undefined && f['server-public-key'] !== undefined) {
    return { mode: 'rpk', privateKey: read('private-key'), serverPublicKey: read('server-public-key') };
  }
  throw new UsageError(
    'a coaps:// server needs credentials: --psk-identity/--psk-key, --certificate/--private-key/--trust-anchor, or --private-key/--server-public-key',
  );
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag}: expected a non-negative integer, got "${text}"`);
  return n;
}

/** --bootstrap and its companions: the factory Bootstrap-Server account. */
function bootstrapFromFlags(v: { bootstrap?: string; server?: string; 'client-hold-off'?: string; 'bootstrap-pack'?: boolean }) {
  if (v.bootstrap === undefined) return undefined;
  const { host, port, secure, tcp } = parseServerUri(v.bootstrap);
  // With --server too, one set of credentials and one transport serve both channels.
  const server = v.server === undefined ? undefined : parseServerUri(v.server);
  if (server && (server.secure !== secure || server.tcp !== tcp))
    throw new UsageError(
      '--server and --bootstrap: both URIs must have the same scheme (one set of credentials and one transport serve both)',
    );
  return {
    server: { host, port },
    holdOffSeconds: positive(v['client-hold-off'] ?? '0', '--client-hold-off'),
    tryPack: !!v['bootstrap-pack'],
  };
}

/** The OSCORE settings from the --oscore-* flags (none given: no OSCORE); a bad value names its flag. */
export function oscoreFromFlags(v: Partial<Record<string, unknown>>): ClientOscore | undefined {
  const flags = ['oscore-master-secret', 'oscore-sender-id', 'oscore-recipient-id', 'oscore-salt'] as const;
  if (!flags.some((f) => v[f] !== undefined)) return undefined;
  const hex = (flag: (typeof flags)[number], required: boolean): Buffer | undefined => {
    const value = v[flag];
    if (value === undefined) {
      if (required) throw new UsageError(`OSCORE needs --${flag} (hex)`);
      return undefined;
    }
    if (typeof value !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(value))
      throw new UsageError(`--${flag}: expected an even number of hex digits, got "${String(value)}"`);
    return Buffer.from(value, 'hex');
  };
  const settings: ClientOscore = {
    masterSecret: hex('oscore-master-secret', true)!,
    senderId: hex('oscore-sender-id', true)!,
    recipientId: hex('oscore-recipient-id', true)!,
    masterSalt: hex('oscore-salt', false),
  };
  try {
    deriveContext(settings);
  } catch (e) {
    throw new UsageError(`--oscore-*: ${(e as Error).message}`);
  }
  return settings;
}

export async function referenceClientCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      endpoint: { type: 'string' },
      lifetime: { type: 'string', default: '86400' },
      'lwm2m-version': { type: 'string', default: '1.1' },
      'ack-timeout': { type: 'string', default: '2000' },
      'block-size': { type: 'string' },
      'con-share': { type: 'string', default: '0.3' },
      fault: { type: 'string', multiple: true, default: [] },
      'psk-identity': { type: 'string' },
      'psk-key': { type: 'string' },
      certificate: { type: 'string' },
      'private-key': { type: 'string' },
      'trust-anchor': { type: 'string' },
      'server-name': { type: 'string' },
      'server-public-key': { type: 'string' },
      help: { type: 'boolean' },
      bootstrap: { type: 'string' },
      'client-hold-off': { type: 'string', default: '0' },
      'bootstrap-pack': { type: 'boolean' },
      'response-timeout': { type: 'string', default: '10000' },
      'oscore-master-secret': { type: 'string' },
      'oscore-sender-id': { type: 'string' },
      'oscore-recipient-id': { type: 'string' },
      'oscore-salt': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(REFERENCE_CLIENT_USAGE);
    return 0;
  }
  const bootstrap = bootstrapFromFlags(values);
  if (!values.server && !bootstrap) throw new UsageError('--server (or --bootstrap) is required');
  if (!values.endpoint) throw new UsageError('--endpoint is required');
  const lifetime = Number(values.lifetime);
  if (!Number.isInteger(lifetime) || lifetime <= 0)
    throw new UsageError(`--lifetime: expected a positive integer, got "${values.lifetime}"`);
  const version = values['lwm2m-version'];
  if (version !== '1.0' && version !== '1.1' && version !== '1.2')
    throw new UsageError(`--lwm2m-version: expected 1.0, 1.1 or 1.2, got "${version}"`);
  const blockSize = values['block-size'] === undefined ? undefined : Number(values['block-size']);
  if (blockSize !== undefined && ![16, 32, 64, 128, 256, 512, 1024].includes(blockSize)) {
    throw new UsageError(`--block-size: expected 16, 32, 64, 128, 256, 512 or 1024, got "${values['block-size']}"`);
  }
  const conShare = Number(values['con-share']);
  if (!(conShare >= 0 && conShare <= 1)) throw new UsageError(`--con-share: expected a share from 0 to 1, got "${values['con-share']}"`);
  const faults = values.fault as string[];
  const unknown = faults.filter((f) => !isFaultName(f));
  if (unknown.length) throw new UsageError(`--fault: unknown fault ${unknown.join(', ')}; known: ${Object.keys(FAULTS).join(', ')}`);

  const server = parseServerUri(values.server ?? values.bootstrap!);
  const security = securityFromFlags(server.secure, {
    'psk-identity': values['psk-identity'],
    'psk-key': values['psk-key'],
    certificate: values.certificate,
    'private-key': values['private-key'],
    'trust-anchor': values['trust-anchor'],
    'server-name': values['server-name'],
    'server-public-key': values['server-public-key'],
  });
  const client = new ReferenceClient({
    server: values.server === undefined ? undefined : { host: server.host, port: server.port },
    tcp: server.tcp,
    bootstrap,
    responseTimeoutMs: positive(values['response-timeout'], '--response-timeout'),
    security,
    oscore: oscoreFromFlags(values),
    endpoint: values.endpoint,
    lifetime,
    lwm2mVersion: version,
    faults: faults as FaultName[],
    ackTimeoutMs: Number(values['ack-timeout']),
    blockSize,
    conNotificationShare: conShare,
    log: (line) => console.log(`[reference-client] ${line}`),
  });
  await client.start();
  return runUntilStopped(
    () => client.stop(true),
    // Nothing should be left to keep the process alive; if something is, name it and exit anyway,
    // so that a harness never has to kill the reference client.
    () =>
      setTimeout(() => {
        console.log(
          `[reference-client] still busy ${EXIT_GRACE_MS} ms after stopping (${process.getActiveResourcesInfo().join(', ')}); exiting`,
        );
        process.exit(0);
      }, EXIT_GRACE_MS).unref(),
  );
}
