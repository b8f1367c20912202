/**
 * What the steps of one case hand on to later steps, as typed fields. `need` reads a field an
 * earlier step must have set, and says which when a feature puts steps in the wrong order.
 */
import type { InboundEvent, IncomingResponse } from '../../src/coap/endpoint';
import type { BsEvent, ServerAccount } from '../../src/peers/test-bootstrap-server';
import type { Link } from '../../src/lwm2m/link-format';
import type { ResourceRecord } from '../../src/lwm2m/content';
import type { DecodedRead } from '../../src/conformance/client-dut/objects';
import type { FirmwareStatus } from '../../src/conformance/checks/firmware';
import type { FirmwarePackage } from '../../src/conformance/firmware-packages';
import type { RdEvent, SendEvent } from '../../src/peers/test-server';
import type { Observation } from '../../src/conformance/client-dut/information-reporting';
import type { SecureRegister } from '../../src/conformance/server-dut/security';
import type { RefusalAttempt } from '../../src/conformance/server-dut/credential-refusal';
import type { CompositeAct } from '../../src/conformance/server-dut/composite';
import type { FirmwareAct } from '../../src/conformance/server-dut/firmware';
import type { NotificationEvent } from '../../src/peers/test-client/test-client';
import type { PingOutcome, StreamRegister } from '../../src/conformance/server-dut/tcp';
import type { ProtectedRegister } from '../../src/conformance/server-dut/oscore';

export class CaseState {
  /** Registration events from here on belong to the procedure step that ran last. */
  eventsFrom = 0;
  /** The lifetime (s) the procedure set or expects. */
  lifetime?: number;
  /** The client's answer to the last request the Test Server sent in a procedure step. */
  response?: IncomingResponse;
  /** The Register the procedure waited for. */
  register?: RdEvent;
  /** Reads of a procedure step, in the order sent. */
  reads?: [string, IncomingResponse][];
  /** DTLS handshakes from here on happened after the registration. */
  handshakesFrom = 0;
  /** int-405: the first request the client sent, as the Test Server's endpoint recorded it (OSCORE record included). */
  firstRequest?: InboundEvent;
  /** Why the Register a step waited for did not come (judged by a later criterion). */
  registerMissing?: string;
  /** Test Bootstrap Server events from here on belong to the procedure step that ran last. */
  bootstrapFrom = 0;
  /** The Bootstrap-Request the procedure waited for. */
  bootstrapRequest?: BsEvent;
  /** The account the Test Bootstrap Server wrote. */
  account?: ServerAccount;
  /** Bootstrap operations of a procedure step and their answers, by what was sent ("Bootstrap-Write of /0"). */
  bootstrapResponses?: [string, IncomingResponse][];
  /** The links of the first Bootstrap-Discover of "/" and the Bootstrap-Server accounts it showed. */
  discovered?: Link[];
  bootstrapAccounts?: string[];
  /** What the Test Server read and saved before the procedure changed it, by path ("/1/x"). */
  saved = new Map<string, ResourceRecord[]>();
  /** The values the last write step sent. */
  written?: ResourceRecord[];
  /** When (ms) the last write step sent its values (a clock resource may run on from then). */
  writtenAt?: number;
  /** The writes (and Write-Attributes) of the last procedure step that wrote, in the order sent. */
  writes?: [string, IncomingResponse][];
  /** The last Discover: path and answer. */
  discovery?: [string, IncomingResponse];
  /** The last Read-Composite: the paths asked for, the format, the answer. */
  composite?: { paths: string[]; format: number; response: IncomingResponse };
  /** The answers of the procedure steps, by step number (cases with several requests). */
  answers = new Map<number, IncomingResponse>();
  /** Decoded reads of object instances, by procedure step number (core-object cases). */
  objectReads = new Map<number, DecodedRead>();
  /** An integer the procedure wrote, to be read back (core-object cases). */
  writtenValue?: bigint;
  /** Firmware update: the package delivered, State / Update Result reads by step, versions. */
  firmwarePackage?: FirmwarePackage;
  firmwareSeen = new Map<number, FirmwareStatus[]>();
  firmwareVersionBefore?: string;
  firmwareVersionAfter?: string;
  /** Observations of the case by what the feature calls them ("/3/0/7", "/1/x/1, /3/0/16"). */
  observations = new Map<string, Observation>();
  /** When the procedure stopped watching notifications; and from when a changed pmax is judged. */
  watchedUntil?: number;
  judgedFrom?: number;
  /** Responses to cancelling requests (Observe=1), by observation. */
  cancelResponses?: [string, IncomingResponse][];
  /** Sends: the position in the Test Server's log before a trigger, the Send that arrived, those while muted. */
  sendCursor?: number;
  send?: SendEvent;
  mutedSends?: SendEvent[];
  /** Per observation, how many of its messages had arrived when a Create or Delete during it was answered. */
  changedAt = new Map<string, number>();
  /** int-950/951: each Test Server's Register event (or why none came), its Write-Attributes and Discover answers. */
  serverRegisters?: Map<1 | 2, RdEvent | string>;
  serverResponses?: [string, IncomingResponse][];

  /** The registration-event cursor before the last Create (an Update after it may announce the new instance). */
  createdFrom?: number;
  /** Why an Observe of an object resource established no observation, by path (judged by a criterion). */
  observeProblems = new Map<string, string>();

  /** Opaque data the procedure wrote, to be read back (int-1901). */
  writtenData?: Buffer;

  /** Server DUT security: the Test Client's Register inside a DTLS handshake, or why the handshake failed. */
  secureRegister?: SecureRegister;

  /** Server DUT security: what happened to the Test Client with wrong credentials (srv-3, srv-4). */
  refusalAttempt?: RefusalAttempt;

  /** int-6: when the harness last switched the DUT on (Date.now()). */
  poweredOnAt?: number;

  /** Server DUT composite cases: the last composite request, the Observe-Composites by path list, the last notifications. */
  serverComposite?: CompositeAct;
  serverCompositeObservations = new Map<string, CompositeAct>();
  compositeNotifications?: NotificationEvent[];
  /** Server DUT int-107: the lifetime an Update replaced. */
  extendedFrom?: number;
  /** Server DUT int-770/771: the firmware update the server was asked for. */
  serverFirmware?: FirmwareAct;
  /** Server DUT over TCP/TLS (int-106, 404, 406): the Test Client's Register on a new connection, or why it failed. */
  streamRegister?: StreamRegister;
  /** Server DUT over TCP (srv-5): the Ping the Test Client sent and what the server answered. */
  ping?: PingOutcome;
  /** int-405 server side: the answer to the Test Client's OSCORE-protected Register. */
  protectedRegister?: ProtectedRegister;

  need<K extends keyof CaseState>(key: K): NonNullable<CaseState[K]> {
    const v = this[key];
    if (v === undefined || v === null) throw new Error(`step order: "${String(key)}" was not set by an earlier step of this case`);
    return v as NonNullable<CaseState[K]>;
  }
}
