/** `lwm2m-conformance reference-client`: the built-in known-good LwM2M client, on its own. */
import { parseArgs } from 'node:util';
import { ReferenceClient } from '../peers/reference-client/client';
import { FAULTS, isFaultName, type FaultName } from '../peers/reference-client/faults';
import { UsageError } from './usage';

export const REFERENCE_CLIENT_USAGE = `Usage: lwm2m-conformance reference-client --server coap://HOST:PORT --endpoint NAME
         [--lifetime SECONDS] [--lwm2m-version 1.0|1.1] [--ack-timeout MS] [--fault NAME ...]

Starts the built-in reference LwM2M client. It stops (and de-registers) on SIGTERM, SIGINT
or the line "quit" on its standard input.

Faults (each breaks one rule of the specification, for testing a judge):
${Object.entries(FAULTS)
  .map(([k, v]) => `  ${k.padEnd(28)} ${v}`)
  .join('\n')}`;

export function parseServerUri(uri: string): { host: string; port: number } {
  const m = /^coap:\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(uri);
  if (!m) throw new UsageError(`--server: expected coap://HOST[:PORT], got "${uri}"`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : 5683 };
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
      fault: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(REFERENCE_CLIENT_USAGE);
    return 0;
  }
  if (!values.server) throw new UsageError('--server is required');
  if (!values.endpoint) throw new UsageError('--endpoint is required');
  const lifetime = Number(values.lifetime);
  if (!Number.isInteger(lifetime) || lifetime <= 0) throw new UsageError(`--lifetime: expected a positive integer, got "${values.lifetime}"`);
  const version = values['lwm2m-version'];
  if (version !== '1.0' && version !== '1.1') throw new UsageError(`--lwm2m-version: expected 1.0 or 1.1, got "${version}"`);
  const faults = values.fault as string[];
  const unknown = faults.filter((f) => !isFaultName(f));
  if (unknown.length) throw new UsageError(`--fault: unknown fault ${unknown.join(', ')}; known: ${Object.keys(FAULTS).join(', ')}`);

  const client = new ReferenceClient({
    server: parseServerUri(values.server),
    endpoint: values.endpoint,
    lifetime,
    lwm2mVersion: version,
    faults: faults as FaultName[],
    ackTimeoutMs: Number(values['ack-timeout']),
    log: (line) => console.log(`[reference-client] ${line}`),
  });
  await client.start();
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await client.stop(true);
      process.stdin.destroy(); // an open stdin would keep the process alive
      resolve(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      if (chunk.split('\n').some((l) => l.trim() === 'quit')) void stop();
    });
  });
}
