/**
 * Cucumber parameter types for the ETS numbering in feature text: `{step}` for a procedure step
 * "(1)" and `{criterion}` for pass-criterion letters "(A)" or "(B, C)".
 */
import { defineParameterType } from '@cucumber/cucumber';
import { PACKAGE_WORDS } from '../../src/conformance/firmware-packages';
import type { CredentialFault } from '../../src/conformance/server-dut/credential-refusal';
import { Criterion, CRITERION_PATTERN, PROCEDURE_STEP_PATTERN, ProcedureStep } from '../../src/conformance/procedure';

defineParameterType({ name: 'step', regexp: PROCEDURE_STEP_PATTERN, transformer: (s: string) => ProcedureStep.parse(s) });
defineParameterType({ name: 'criterion', regexp: CRITERION_PATTERN, transformer: (s: string) => Criterion.parse(s) });

// The lifetimes the registration cases set, named as the features say them (values: the profile's timers).
defineParameterType({
  name: 'lifetime',
  regexp: /the short lifetime|the first extended lifetime|the second extended lifetime/,
  transformer: (s: string) => s,
});

// Executable resources of the Server object the registration cases trigger (TS Appendix E.2).
const SERVER_RESOURCES: Record<string, number> = { Disable: 4, 'Registration Update Trigger': 8, 'Bootstrap-Request Trigger': 9 };
defineParameterType({
  name: 'serverResource',
  regexp: new RegExp(Object.keys(SERVER_RESOURCES).join('|')),
  transformer: (s: string) => SERVER_RESOURCES[s],
});

// LwM2M paths in feature text: one ("/3/0") or a list ("/3/0/0, /3/0/1"); "/1/x" is the Test
// Server's own Server instance, whatever its ID.
defineParameterType({ name: 'path', regexp: /\/[0-9x/]*/, transformer: (s: string) => s });
defineParameterType({ name: 'paths', regexp: /\/[0-9x/]+(?:, \/[0-9x/]+)+/, transformer: (s: string) => s.split(', ') });

// Device object resources by their DDF names, as a comma-separated list ending the step.
defineParameterType({
  name: 'deviceResources',
  regexp: /[A-Z][A-Za-z ]+(?:, [A-Z][A-Za-z ]+)*/,
  transformer: (s: string) => s.split(', '),
});

// The DTLS modes of the security cases, as the features describe their cipher suites and peers.
defineParameterType({
  name: 'securityKind',
  regexp: /pre-shared key|raw public key|certificate/,
  transformer: (s: string) => (s === 'pre-shared key' ? 'psk' : s === 'raw public key' ? 'rpk' : 'x509'),
});
// The wrong credentials a Test Client presents to a server DUT (srv-3, srv-4).
const WRONG_CREDENTIALS: Record<string, CredentialFault> = {
  'a PSK identity the server does not know': 'unknown-psk-identity',
  'the declared PSK identity and a wrong key': 'wrong-psk-key',
  'a raw public key the server does not know': 'unknown-public-key',
};
defineParameterType({
  name: 'wrongCredential',
  regexp: new RegExp(Object.keys(WRONG_CREDENTIALS).join('|')),
  transformer: (s: string) => WRONG_CREDENTIALS[s],
});
defineParameterType({
  name: 'securityIdentity',
  regexp: /the declared PSK identity|a client certificate the Test Server trusts/,
  transformer: (s: string) => s,
});

// Write modes of the Device Management cases: replace (PUT) or partial update (POST).
defineParameterType({
  name: 'writeMode',
  regexp: /a replace|a partial update/,
  transformer: (s: string) => (s === 'a replace' ? 'replace' : 'partial'),
});
// Firmware update (/5): the resource a package goes through (push: Package, pull: Package URI,
// or whichever the DUT declares), the package kinds a case delivers, and lists of States.
defineParameterType({
  name: 'firmwareResource',
  regexp: /Package or Package URI|Package URI|Package/,
  transformer: (s: string) => (s === 'Package' ? 'push' : s === 'Package URI' ? 'pull' : 'declared'),
});
defineParameterType({
  name: 'package',
  regexp: new RegExp(Object.keys(PACKAGE_WORDS).join('|')),
  transformer: (s: string) => PACKAGE_WORDS[s],
});
defineParameterType({ name: 'states', regexp: /\d(?: or \d)*/, transformer: (s: string) => s.split(' or ').map(Number) });
// Information Reporting: notification attributes as the ETS writes them ("pmin=5&pmax=15"), and
// observed paths where /1/x is the Test Server's Server instance ("/1/x/1, /3/0/16").
const ATTRIBUTE = '(?:pmin|pmax|gt|lt|st|epmin|epmax)=-?[0-9]+(?:\\.[0-9]+)?';
defineParameterType({
  name: 'attributes',
  regexp: new RegExp(`${ATTRIBUTE}(?:&${ATTRIBUTE})*`),
  transformer: (s: string) => Object.fromEntries(s.split('&').map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])])),
});
defineParameterType({ name: 'observedPaths', regexp: /\/[0-9x/]+(?:, \/[0-9x/]+)*/, transformer: (s: string) => s.split(', ') });
