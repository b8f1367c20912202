/** Steps of the Security cases (ETS int-401 … int-403), DUT = LwM2M client. */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import { checkReadResponse, checkValues } from '../src/conformance/checks/content';
import { checkSecureRegister, checkRefusedHandshake, wrongHostCertificateProblem } from '../src/conformance/checks/security';
import { DEVICE_RESOURCES } from '../src/conformance/checks/device';
import { requireCriterion } from '../src/conformance/criteria';
import { PreconditionFailure } from '../src/conformance/failures';

Given(
  "the client, configured as for this case, completes a DTLS handshake with the Test Server's valid certificate and registers",
  async function (this: ConformanceWorld) {
    // Positive control of int-403: the same client and trust anchor accept the right certificate.
    const dut = this.clientDut;
    await dut.switchOn();
    const reg = await dut.registration.ensureRegistered();
    if (!dut.handshakes.all().some((h) => h.ok))
      throw new PreconditionFailure('a completed DTLS handshake', 'the client registered without one');
    this.trace.note('harness', `positive control: the client registered as /rd/${reg.id} over DTLS with the valid certificate`);
    await dut.dut?.stop();
  },
);

Given('the Test Server presents a certificate issued for another host name', async function (this: ConformanceWorld) {
  const dut = this.clientDut;
  const problem = wrongHostCertificateProblem(dut.security);
  if (problem) throw new PreconditionFailure('a wrong-host certificate that chains to the trust anchor the client is given', problem);
  await dut.startTestServer({ wrongHost: true });
  this.state.handshakesFrom = dut.handshakes.cursor();
  this.trace.note('harness', 'Test Server restarted with a certificate for another host name');
});

When(
  "{step} the Test Server reads \\/3\\/0 in the client's preferred format",
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    this.state.handshakesFrom = this.clientDut.handshakes.cursor();
    this.state.reads = [['/3/0', await this.clientDut.dm.read('/3/0')]];
  },
);

Then(
  '{criterion} the Register arrived over a DTLS session that used a {securityKind} cipher suite and {securityIdentity}, and was answered "2.01 Created"',
  function (this: ConformanceWorld, criterion: Criterion, mode: 'psk' | 'x509', _identity: string) {
    const dut = this.clientDut;
    requireCriterion(
      criterion,
      `a Register inside a DTLS ${mode === 'psk' ? 'PSK' : 'certificate'} session, answered 2.01`,
      checkSecureRegister(this.state.need('register'), dut.handshakes.all(), mode, dut.security),
    );
  },
);

Then(
  '{criterion} the Read is answered "2.05 Content" over the same DTLS session, with the Device object values the DUT declares',
  function (this: ConformanceWorld, criterion: Criterion) {
    const [[, res]] = this.state.need('reads');
    const outcome = checkReadResponse(res, '/3/0', undefined, this.registry);
    const declared = this.profile.declared.device ?? {};
    const problems = [...outcome.problems];
    if (problems.length === 0) {
      problems.push(
        ...checkValues(
          outcome.records,
          DEVICE_RESOURCES.map((d) => ({ path: d.path, name: d.name, value: d.declared(declared) })),
        ),
      );
    }
    const rehandshakes = this.clientDut.handshakes.since(this.state.handshakesFrom);
    if (rehandshakes.length > 0) problems.push('a new DTLS handshake ran between the Register and the Read: not the same session');
    requireCriterion(criterion, "2.05 Content with the declared Device values, over the registration's DTLS session", problems);
  },
);

Then(
  '{criterion} the client attempts a DTLS handshake, refuses it, and registers nothing within the quiet window',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    const timeoutMs = dut.firstRegisterTimeoutMs;
    // A client that never tried cannot be said to have refused: then the case is not judged.
    const attempt = await dut.handshakes
      .waitFor(() => true, { after: this.state.handshakesFrom, timeoutMs, what: 'DTLS handshake attempt' })
      .catch(() => {
        throw new PreconditionFailure(
          'a DTLS handshake attempt with the wrong-host certificate',
          `no handshake was attempted within ${timeoutMs} ms`,
        );
      });
    // After the attempt, the quiet window: no handshake may complete and no Register arrive.
    const quietMs = this.profile.timers.quietWindowMs;
    const registered = !(await dut.server.events.absentFor((e) => e.kind === 'register', {
      after: 0,
      timeoutMs: attempt.ok ? 0 : quietMs,
    }));
    const handshakes = dut.handshakes.since(this.state.handshakesFrom);
    requireCriterion(criterion, 'a refused handshake and no Register', checkRefusedHandshake(handshakes, registered));
  },
);
