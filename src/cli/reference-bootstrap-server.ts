/** `lwm2m-conformance reference-bootstrap-server`: the built-in known-good LwM2M Bootstrap-Server, on its own. */
import { runUntilStopped } from './until-stopped';
import { parseArgs } from 'node:util';
import {
  BOOTSTRAP_SCRIPTS,
  ReferenceBootstrapServer,
  isBootstrapScript,
  type BootstrapScript,
} from '../peers/reference-server/bootstrap-server';
import {
  BOOTSTRAP_SERVER_FAULT_REGISTRY,
  isBootstrapServerFaultName,
  type BootstrapServerFaultName,
} from '../peers/reference-server/bootstrap-faults';
import { UsageError } from './usage';

export const REFERENCE_BOOTSTRAP_SERVER_USAGE = `Usage: lwm2m-conformance reference-bootstrap-server [--host ADDR] [--port N]
         --endpoint NAME=SCRIPT ... [--server-uri URI] [--lifetime S] [--ack-timeout MS] [--response-timeout MS] [--fault NAME ...]

Starts the built-in reference LwM2M Bootstrap-Server on CoAP/UDP (default port 5783; 0 picks a
free one), prints where it listens, and serves until SIGTERM, SIGINT or the line "quit" on its
standard input. Like other bootstrap servers it is configured per endpoint: each --endpoint binds
an Endpoint Client Name to the bootstrap script it runs when that client sends a Bootstrap-Request
(any other endpoint is answered 4.00). The account it provisions is one LwM2M server
(--server-uri, default coap://127.0.0.1:5683; Short Server ID 1; --lifetime, default 86400) in
Security instance 0, NoSec.

Scripts:
${Object.entries(BOOTSTRAP_SCRIPTS)
  .map(([k, v]) => `  ${k.padEnd(10)} ${v}`)
  .join('\n')}

Faults (each breaks one rule of the specification, for testing a judge):
${Object.entries(BOOTSTRAP_SERVER_FAULT_REGISTRY)
  .map(([k, v]) => `  ${k.padEnd(32)} ${v.description}`)
  .join('\n')}`;

function integer(flag: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`--${flag}: expected an integer 0..${max}, got "${value}"`);
  return n;
}

function endpoints(specs: string[]): Record<string, BootstrapScript> {
  const out: Record<string, BootstrapScript> = {};
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    const [name, script] = [spec.slice(0, at), spec.slice(at + 1)];
    if (at <= 0 || !isBootstrapScript(script))
      throw new UsageError(
        `--endpoint: expected NAME=SCRIPT with SCRIPT one of ${Object.keys(BOOTSTRAP_SCRIPTS).join(', ')}, got "${spec}"`,
      );
    out[name] = script;
  }
  return out;
}

export async function referenceBootstrapServerCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '5783' },
      endpoint: { type: 'string', multiple: true, default: [] },
      'server-uri': { type: 'string', default: 'coap://127.0.0.1:5683' },
      lifetime: { type: 'string', default: '86400' },
      'ack-timeout': { type: 'string', default: '2000' },
      'response-timeout': { type: 'string', default: '5000' },
      fault: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(REFERENCE_BOOTSTRAP_SERVER_USAGE);
    return 0;
  }
  const faults = values.fault as string[];
  const unknown = faults.filter((f) => !isBootstrapServerFaultName(f));
  if (unknown.length)
    throw new UsageError(`--fault: unknown fault ${unknown.join(', ')}; known: ${Object.keys(BOOTSTRAP_SERVER_FAULT_REGISTRY).join(', ')}`);
  const configured = endpoints(values.endpoint as string[]);
  if (Object.keys(configured).length === 0) throw new UsageError('--endpoint NAME=SCRIPT: at least one endpoint to bootstrap');
  const server = new ReferenceBootstrapServer({
    host: values.host,
    port: integer('port', values.port!, 65535),
    endpoints: configured,
    serverUri: values['server-uri'],
    lifetime: integer('lifetime', values.lifetime!),
    faults: faults as BootstrapServerFaultName[],
    ackTimeoutMs: integer('ack-timeout', values['ack-timeout']!),
    responseTimeoutMs: integer('response-timeout', values['response-timeout']!),
    log: (line) => console.log(`[reference-bootstrap-server] ${line}`),
  });
  await server.start();
  // One line, so that a harness can capture the address from the output.
  console.log(`[reference-bootstrap-server] LwM2M Bootstrap-Server on ${server.uri}`);
  return runUntilStopped(() => server.close());
}
