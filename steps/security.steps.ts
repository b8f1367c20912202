/** Steps of the Security cases (ETS int-401 … int-403), DUT = LwM2M client. */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { RdEvent } from '../src/peers/test-server';
import type { IncomingResponse } from '../src/coap/endpoint';
import { checkReadResponse, checkValues } from '../src/conformance/checks/content';
import { checkSecureRegister, checkRefusedHandshake } from '../src/conformance/checks/security';
import { DEVICE_RESOURCES } from '../src/conformance/checks/device';
import { requireCriterion } from '../src/conformance/criteria';

Given('the Test Server presents a certificate issued for another host name', async function (this: ConformanceWorld) {
  await this.client.startTestServer({ wrongHost: true });
  this.trace.note('harness', 'Test Server restarted with a certificate for another host name');
});

When(/^the Test Server reads \/3\/0 in the client's preferred format$/, async function (this: ConformanceWorld) {
  this.remember('handshakesBeforeRead', this.client.handshakes.cursor());
  this.remember('read', await this.client.read('/3/0'));
});

Then(
  /^\(([A-Z])\) the Register arrived over a DTLS session that used an? (pre-shared key|certificate) cipher suite and (?:the declared PSK identity|a client certificate the Test Server trusts), and was answered "2.01 Created"$/,
  function (this: ConformanceWorld, letter: string, kind: string) {
    const event = this.recall<RdEvent>('register');
    const mode = kind === 'pre-shared key' ? 'psk' : 'x509';
    requireCriterion(
      letter,
      `a Register inside a DTLS ${mode === 'psk' ? 'PSK' : 'certificate'} session, answered 2.01`,
      checkSecureRegister(event, this.client.handshakes.all(), mode, this.client.security),
    );
    this.client.registration = event.registration;
  },
);

Then(
  /^\(([A-Z])\) the Read is answered "2.05 Content" over the same DTLS session, with the Device object values the DUT declares$/,
  function (this: ConformanceWorld, letter: string) {
    const res = this.recall<IncomingResponse>('read');
    const outcome = checkReadResponse(res, '/3/0', undefined, this.client.registry);
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
    const rehandshakes = this.client.handshakes.since(this.recall('handshakesBeforeRead'));
    if (rehandshakes.length > 0) problems.push('a new DTLS handshake ran between the Register and the Read: not the same session');
    requireCriterion(letter, "2.05 Content with the declared Device values, over the registration's DTLS session", problems);
  },
);

Then(
  /^\(([A-Z])\) the client refuses the DTLS handshake and registers nothing within the registration deadline$/,
  async function (this: ConformanceWorld, letter: string) {
    const timeoutMs = this.client.firstRegisterTimeoutMs;
    const registered = !(await this.client.server.events.absentFor((e) => e.kind === 'register', { timeoutMs }));
    requireCriterion(letter, 'a refused handshake and no Register', checkRefusedHandshake(this.client.handshakes.all(), registered));
  },
);
