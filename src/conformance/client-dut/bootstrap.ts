/**
 * Bootstrap-interface operations of a client-DUT session (ETS int-0 … int-9, 1.2-int-12): the
 * Test Bootstrap Server per case (started by the first bootstrap step, on the profile's
 * security), waits for the DUT's Bootstrap-Request, and the accounts it provisions: the Test
 * Server's (ETS 0-SetOfValue_1/_2, i.e. configuration C.1, with the profile's credentials), one
 * for a server that never answers (int-7), or an inconsistent one (int-9). Judging is in checks/bootstrap.ts.
 */
import * as fs from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { IncomingResponse } from '../../coap/endpoint';
import { CoapEndpoint } from '../../coap/endpoint';
import { encodeContent, type ResourceRecord } from '../../lwm2m/content';
import { LwM2MPath } from '../../lwm2m/path';
import { parseLinkFormatBytes } from '../../lwm2m/link-format';
import { DecodeError } from '../../lwm2m/errors';
import { lwm2mPayloadView } from '../../peers/payload-view';
import {
  TestBootstrapServer,
  securityRecords,
  serverRecords,
  type BsEvent,
  type BsEventKind,
  type ServerAccount,
} from '../../peers/test-bootstrap-server';
import { createUdpTransport } from '../../transport/udp';
import type { DatagramTransport } from '../../transport/types';
import { EventLog } from '../../util/event-log';
import { bootstrapLaunch, factoryLaunch, type LaunchSpec } from '../dut-profile';
import { testServerTransport } from '../security';
import { PreconditionFailure } from '../failures';
import type { ClientDutSession } from './session';

/** Bootstrap-Write formats in the order the Test Bootstrap Server prefers them, by ICS feature. */
const WRITE_FORMATS: [string, number][] = [
  ['format-tlv', 11542],
  ['format-senml-cbor', 112],
  ['format-senml-json', 110],
  ['format-lwm2m-cbor', 11544],
];
/** The formats a Bootstrap-Pack may be given in (SenML CBOR, SenML JSON, LwM2M CBOR, LwM2M TS 1.2). */
export const PACK_FORMATS = [112, 110, 11544];
/** The Short Server ID the Test Server's account gets (the ETS values). */
export const TEST_SERVER_SSID = 1;

export class BootstrapOperations {
  server?: TestBootstrapServer;
  /** Datagrams that reached the server that never answers (int-7). */
  readonly silentArrivals = new EventLog<{ at: number }>();
  private silent?: DatagramTransport;
  /** The Security instance the last account went to: a new account for SSID 1 replaces it. */
  private accountInstance?: number;

  constructor(private readonly session: ClientDutSession) {}

  private get timers() {
    return this.session.timers;
  }

  /** How the DUT starts for bootstrap (launch.bootstrap, or a launch naming the Test Bootstrap Server). */
  private launch(): LaunchSpec {
    const launch = bootstrapLaunch(this.session.profile.launch);
    if (!launch)
      throw new PreconditionFailure(
        'a DUT launch that starts it for bootstrap',
        'the profile gives no launch.bootstrap and its launch uses none of {bootstrap_uri}, {bootstrap_host}, {bootstrap_port} (see docs/dut-profile.md)',
      );
    return launch;
  }

  /** Starts the Test Bootstrap Server (`tcp`: over CoAP over TCP/TLS); the profile must say how the DUT starts for bootstrap. */
  async start(opts: { tcp?: boolean } = {}): Promise<TestBootstrapServer> {
    if (this.server) return this.server;
    const { profile, trace } = this.session;
    this.launch();
    const transport = await testServerTransport(this.session.security, profile.bootstrapServer, trace, opts);
    const endpoint = new CoapEndpoint({
      transport,
      trace,
      timers: { ackTimeoutMs: this.timers.coapAckTimeoutMs },
      defaultTimeoutMs: this.timers.responseTimeoutMs,
      describePayload: lwm2mPayloadView(this.session.registry),
    });
    this.server = new TestBootstrapServer(endpoint, { responseTimeoutMs: this.timers.responseTimeoutMs }, trace);
    trace.note('harness', `Test Bootstrap Server listening on ${this.server.uri}`);
    return this.server;
  }

  /** Launch placeholders of the Test Bootstrap Server (none before it starts). */
  placeholders(): Record<string, string> {
    if (!this.server) return {};
    const { host, port } = this.server.endpoint.local;
    return { bootstrap_uri: this.server.uri, bootstrap_host: host, bootstrap_port: String(port) };
  }

  /** How the DUT starts with both a server account and a Bootstrap-Server account (int-6: launch.factory). */
  factoryLaunch(): LaunchSpec {
    const launch = factoryLaunch(this.session.profile.launch);
    if (!launch)
      throw new PreconditionFailure(
        'a DUT launch that starts it with both an LwM2M Server account and a Bootstrap-Server account',
        'the profile gives no launch.factory and its launch does not use both {uri} (or {host}, {port}) and {bootstrap_uri} (or {bootstrap_host}, {bootstrap_port}) (see docs/dut-profile.md)',
      );
    return launch;
  }

  /**
   * int-6: (re)starts the DUT from a factory configuration with an LwM2M Server account for
   * `server` (the Test Server unless told) and a Bootstrap-Server account for the Test Bootstrap
   * Server. A DUT still running from an earlier start is stopped first (powered off).
   */
  async switchOnWithBothAccounts(server: { uri: string; host: string; port: number } = this.testServerAddress()): Promise<void> {
    await this.start();
    const launch = this.factoryLaunch();
    await this.session.dut?.stop();
    this.session.trace.note(
      'harness',
      `switching the DUT on with an LwM2M Server account for ${server.uri} and a Bootstrap-Server account`,
    );
    await this.session.switchOn(this.timers.lifetime, launch, { uri: server.uri, host: server.host, port: String(server.port) });
  }

  private testServerAddress() {
    const { host, port } = this.session.server.endpoint.local;
    return { uri: this.session.server.uri, host, port };
  }

  /** Starts the Test Bootstrap Server, then the DUT from its factory bootstrap configuration. */
  async switchOn(opts: { tcp?: boolean } = {}): Promise<void> {
    await this.start(opts);
    await this.session.switchOn(this.timers.lifetime, this.launch());
  }

  private get bs(): TestBootstrapServer {
    if (!this.server) throw new Error('step order: the Test Bootstrap Server was not started by an earlier step');
    return this.server;
  }

  cursor(): number {
    return this.server?.events.cursor() ?? 0;
  }

  /** How long the DUT may take to its Bootstrap-Request: its hold-off plus the registration deadline. */
  get requestTimeoutMs(): number {
    return this.timers.clientHoldOffMs + this.session.firstRegisterTimeoutMs;
  }

  /** Waits for the next Bootstrap-Request (or Bootstrap-Pack-Request) after `after`. */
  nextRequest(kind: BsEventKind, after: number, timeoutMs = this.requestTimeoutMs): Promise<BsEvent> {
    const what = kind === 'pack-request' ? 'Bootstrap-Pack-Request (GET /bspack)' : 'Bootstrap-Request (POST /bs)';
    return this.session.untilDutExits(
      this.bs.events.waitFor((e) => e.kind === kind, { after, timeoutMs, what }),
      `a ${what}`,
    );
  }

  // ---- operations (a missing answer is the DUT's failure in the running step) -----------

  write(path: string, payload: Buffer, format: number): Promise<IncomingResponse> {
    return this.session.request(() => this.bs.write(path, payload, format), `the Bootstrap-Write of ${path}`);
  }

  read(path: string): Promise<IncomingResponse> {
    return this.session.request(() => this.bs.read(path, this.writeFormat()), `the Bootstrap-Read of ${path}`);
  }

  discover(path: string): Promise<IncomingResponse> {
    return this.session.request(() => this.bs.discover(path), `the Bootstrap-Discover of ${path}`);
  }

  delete(path: string): Promise<IncomingResponse> {
    return this.session.request(() => this.bs.delete(path), `the Bootstrap-Delete of ${path}`);
  }

  finish(): Promise<IncomingResponse> {
    return this.session.request(() => this.bs.finish(), 'the Bootstrap-Finish');
  }

  /** The format of Bootstrap-Writes: the first the DUT declares, in the order of WRITE_FORMATS. */
  writeFormat(): number {
    const ics = this.session.profile.ics;
    const declared = WRITE_FORMATS.find(([f]) => ics.includes(f));
    return declared ? declared[1] : this.session.profile.lwm2mVersion === '1.0' ? 11542 : 112;
  }

  encode(path: string, records: ResourceRecord[]): Buffer {
    return encodeContent(this.writeFormat(), LwM2MPath.parse(path), records, this.session.registry);
  }

  // ---- provisioning ------------------------------------------------------------------------

  /**
   * 1.2-int-12: Bootstrap-Pack-Requests are answered with the Test Server's account (Security
   * and Server instance 0, the ETS's 0-SetOfValue_1/_2) in the format the request accepts
   * (SenML CBOR when it names none). Returns the account.
   */
  async servePack(): Promise<ServerAccount> {
    const server = await this.start();
    const account = this.testServerAccount(0);
    const records = [...securityRecords(account), ...serverRecords(account)];
    server.servePack((accept) => {
      const format = accept ?? PACK_FORMATS[0];
      if (!PACK_FORMATS.includes(format)) return undefined;
      return { format, payload: encodeContent(format, LwM2MPath.parse('/'), records, this.session.registry) };
    });
    return account;
  }

  /**
   * A Security instance ID for the new account that is not the DUT's Bootstrap-Server account:
   * the one the last account went to, else the one a Bootstrap-Discover of /0 lists with the Test
   * Server's Short Server ID (a factory account for SSID 1 is replaced, int-6), else the lowest one
   * it does not list (0 when that Discover fails).
   */
  async freeSecurityInstance(): Promise<number> {
    if (this.accountInstance !== undefined) return this.accountInstance;
    const res = await this.discover('/0');
    if (res.message.code !== '2.05') return 0;
    try {
      const instances = parseLinkFormatBytes(res.message.payload)
        .map((l) => ({ id: /^\/0\/(\d+)$/.exec(l.target)?.[1], ssid: l.attributes.get('ssid') }))
        .filter((x): x is { id: string; ssid: string | true | undefined } => x.id !== undefined);
      const same = instances.find((i) => typeof i.ssid === 'string' && Number(i.ssid) === TEST_SERVER_SSID);
      if (same) return Number(same.id);
      const used = new Set(instances.map((i) => Number(i.id)));
      let id = 0;
      while (used.has(id)) id++;
      return id;
    } catch (e) {
      if (e instanceof DecodeError) return 0;
      throw e;
    }
  }

  /** The account of the Test Server with the profile's credentials (C.1 values). */
  testServerAccount(securityInstance: number, uri = this.session.server.uri): ServerAccount {
    const sec = this.session.security;
    const account: ServerAccount = {
      securityInstance,
      serverInstance: 0,
      uri,
      shortServerId: TEST_SERVER_SSID,
      lifetime: this.timers.lifetime,
      mode: sec.mode,
      // The Server object's Binding (/1/x/7) names the transport of the URI: T for coap(s)+tcp.
      ...(/^coaps?\+tcp:/.test(uri) ? { binding: 'T' } : {}),
    };
    const file = (field: string) => {
      const f = sec.files[field];
      if (!f) throw new PreconditionFailure(`security.${field} in the DUT profile`, `it is needed to provision the ${sec.mode} account`);
      return fs.readFileSync(f);
    };
    if (sec.mode === 'psk') {
      account.publicKeyOrIdentity = sec.psk!.identity;
      account.secretKey = sec.psk!.key;
    } else if (sec.mode === 'x509') {
      account.publicKeyOrIdentity = certificateDer(file('clientCertificate'));
      account.serverPublicKey = certificateDer(file('certificate'));
      account.secretKey = privateKeyDer(file('clientPrivateKey'));
    } else if (sec.mode === 'rpk') {
      account.publicKeyOrIdentity = createPublicKey(createPrivateKey(file('clientPrivateKey'))).export({ type: 'spki', format: 'der' });
      account.serverPublicKey = createPublicKey(createPrivateKey(file('privateKey'))).export({ type: 'spki', format: 'der' });
      account.secretKey = privateKeyDer(file('clientPrivateKey'));
    }
    return account;
  }

  /** Bootstrap-Write of an account: PUT /0 and PUT /1 (object level, as the ETS does). */
  async writeAccount(account: ServerAccount): Promise<[string, IncomingResponse][]> {
    this.accountInstance = account.securityInstance;
    return [
      ['Bootstrap-Write of /0', await this.write('/0', this.encode('/0', securityRecords(account)), this.writeFormat())],
      ['Bootstrap-Write of /1', await this.write('/1', this.encode('/1', serverRecords(account)), this.writeFormat())],
    ];
  }

  /** Writes the Test Server's account into a free Security instance. */
  async provisionTestServer(): Promise<{ account: ServerAccount; responses: [string, IncomingResponse][] }> {
    const account = this.testServerAccount(await this.freeSecurityInstance());
    return { account, responses: await this.writeAccount(account) };
  }

  /** A server that never answers (a socket the harness holds and ignores); datagrams to it land in silentArrivals. */
  async silentServer(): Promise<{ uri: string; host: string; port: number }> {
    const { host } = this.session.server.endpoint.local;
    if (!this.silent) {
      this.silent = await createUdpTransport({ host, port: 0 });
      this.silent.onDatagram(() => this.silentArrivals.push({ at: Date.now() }));
    }
    const { port } = this.silent.local;
    const scheme = this.session.security.mode === 'nosec' ? 'coap' : 'coaps';
    return { uri: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`, host, port };
  }

  /** int-7: an account for a server that never answers. */
  async provisionSilentServer(): Promise<[string, IncomingResponse][]> {
    const { uri } = await this.silentServer();
    this.session.trace.note('harness', `provisioning ${uri}: a server that never answers`);
    return this.writeAccount(this.testServerAccount(await this.freeSecurityInstance(), uri));
  }

  async close(): Promise<void> {
    await this.silent?.close();
    await this.server?.close();
  }
}

function certificateDer(pem: Buffer): Buffer {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem.toString('latin1'));
  return m ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64') : pem;
}

function privateKeyDer(pem: Buffer): Buffer {
  return createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
}
