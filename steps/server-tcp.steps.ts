/** Steps of CoAP over TCP/TLS with a server DUT (int-106, int-406, int-404 server side). Thin: logic is in src/conformance/server-dut/tcp.ts. */
import { When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import { ServerDutSession } from '../src/conformance/server-dut/session';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';

function server(w: ConformanceWorld): ServerDutSession {
  const s = w.session;
  if (!(s instanceof ServerDutSession)) throw new Error(`a server-DUT step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
  return s;
}

When(
  '{step} the Test Client opens a connection to the server under test with its CSM and sends a Register request with binding T',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    this.state.streamRegister = await server(this).tcp.register();
  },
);

Then(
  '{criterion} the server opens its side of the connection with its CSM, and does not abort',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).tcp.checkServerCsm(c.label, this.state.need('streamRegister'));
  },
);

Then(
  '{criterion} the Register with binding T is answered "2.01 Created" with a Location-Path',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).tcp.checkRegistered(c.label, this.state.need('streamRegister'));
  },
);

Then(
  '{criterion} the TLS connection used a {securityKind} cipher suite, the server opened its side with its CSM, and the Register with binding T was answered "2.01 Created" with a Location-Path',
  function (this: ConformanceWorld, c: Criterion, kind: 'psk' | 'rpk' | 'x509') {
    if (kind === 'rpk') throw new Error('TLS over TCP has no raw public key mode in the ETS (int-404, int-406)');
    server(this).tcp.checkSecureRegister(c.label, this.state.need('streamRegister'), kind);
  },
);

Then(
  "{criterion} asked to read {path} in format {word}, the server sends the Read over the same connection and reports the Test Client's values",
  async function (this: ConformanceWorld, c: Criterion, path: string, format: string) {
    const s = server(this);
    const registered = this.state.streamRegister;
    s.tcp.requireRegistered(registered);
    const read = await s.dm.readAsCriterion(c.label, path, format);
    s.dm.checkReadRequest(c.label, read);
    s.tcp.checkSameConnection(c.label, registered!);
    s.dm.checkReportedValue(c.label, read);
  },
);

When('{step} the Test Client sends a Ping over its connection', async function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.ping = await server(this).tcp.ping();
});

Then("{criterion} the server answers with a Pong carrying the Ping's token", function (this: ConformanceWorld, c: Criterion) {
  server(this).tcp.checkPong(c.label, this.state.need('ping'));
});
