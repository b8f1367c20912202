/** Steps of the Security cases with a server DUT (int-401, int-402, srv-3, srv-4): the Test Client over DTLS (srv-3 over TLS too). Thin: logic is in src/conformance/server-dut/security.ts and credential-refusal.ts. */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import { ServerDutSession } from '../src/conformance/server-dut/session';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import type { CredentialFault } from '../src/conformance/server-dut/credential-refusal';

function server(w: ConformanceWorld): ServerDutSession {
  const s = w.session;
  if (!(s instanceof ServerDutSession)) throw new Error(`a server-DUT step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
  return s;
}

When(
  '{step} the Test Client completes a DTLS handshake with the server under test and sends a Register request inside it',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    this.state.secureRegister = await server(this).security.registerSecurely();
  },
);

Then(
  '{criterion} the handshake used a {securityKind} cipher suite and the Register was answered "2.01 Created" with a Location-Path',
  function (this: ConformanceWorld, c: Criterion, kind: 'psk' | 'rpk' | 'x509') {
    // srv-3 over CoAP over TLS registers over a connection: judged as int-406 judges it.
    if (this.state.streamRegister && kind !== 'rpk') server(this).tcp.checkSecureRegister(c.label, this.state.streamRegister, kind);
    else server(this).security.checkSecureRegister(c.label, this.state.need('secureRegister'));
  },
);

Then(
  "{criterion} asked to read {path} in format {word}, the server sends the Read over the same DTLS session and reports the Test Client's values",
  async function (this: ConformanceWorld, c: Criterion, path: string, format: string) {
    const s = server(this);
    s.security.requireSession(this.state.secureRegister);
    const read = await s.dm.readAsCriterion(c.label, path, format);
    s.dm.checkReadRequest(c.label, read);
    s.security.checkSameSession(c.label);
    s.dm.checkReportedValue(c.label, read);
  },
);

Given(
  'the Test Client with the declared credentials completes a DTLS/secure handshake with the server under test and registers',
  async function (this: ConformanceWorld) {
    await server(this).refusal.positiveControl();
  },
);

When(
  '{step} a Test Client with {wrongCredential} tries a DTLS/secure handshake and a Register',
  async function (this: ConformanceWorld, _step: ProcedureStep, fault: CredentialFault) {
    this.state.refusalAttempt = await server(this).refusal.attempt(fault);
  },
);

Then(
  '{criterion} the server refuses the handshake with an alert or silence, without a Finished of its own, and answers no Register',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).refusal.checkRefused(c.label, this.state.need('refusalAttempt'));
  },
);

When(
  '{step} the Test Client with the declared credentials closes its DTLS/secure session, completes a new handshake and sends a Register request inside it',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const refusal = server(this).refusal;
    if (refusal.overTls) this.state.streamRegister = await refusal.reconnectOverTls();
    else this.state.secureRegister = await refusal.reconnect();
  },
);
