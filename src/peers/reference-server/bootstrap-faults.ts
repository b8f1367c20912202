/**
 * Fault switches of the reference bootstrap server, in the fault registry's shape (../faults.ts),
 * beside the reference server's own (faults.ts): each breaks one rule of LwM2M TS 1.1 §5.2 and
 * names the Bootstrap-Server cases (features/server-bootstrap/) and criteria that must then FAIL.
 * test/e2e/server.test.ts runs every entry; test/conformance/server-fault-coverage.test.ts
 * checks that every criterion letter of those cases is broken by one.
 */
import { defineFaults, on } from '../faults';

const PROFILE = 'reference-bootstrap-server.yaml';
const bs = (n: number, criterion: string, diagnosis: RegExp) => on(n, criterion, diagnosis, PROFILE);

export const BOOTSTRAP_SERVER_FAULT_REGISTRY = defineFaults({
  'bs-request-answered-created': {
    description: 'answer a Bootstrap-Request with 2.01 Created instead of 2.04 Changed',
    breaks: [
      bs(0, 'A', /2\.04 Changed.*2\.01 Created/),
      bs(4, 'A', /2\.04 Changed.*2\.01 Created/),
      bs(8, 'A', /2\.04 Changed.*2\.01 Created/),
    ],
  },
  'bs-write-as-post': {
    description: 'send every Bootstrap-Write as POST instead of PUT',
    breaks: [bs(0, 'B', /PUT.*POST/), bs(4, 'A', /PUT.*POST/), bs(8, 'A', /PUT.*POST/)],
  },
  'bs-write-undecodable': {
    description: 'cut the payload of the Security instance write in half, so that it does not decode in its Content-Format',
    breaks: [bs(0, 'B', /does not decode/)],
  },
  'bs-ssid-mismatch': {
    description: 'write the Server instance with Short Server ID 2 while its Security instance says 1',
    breaks: [bs(0, 'C', /Short Server ID 1.*no Server instance/)],
  },
  'bs-overwrites-bootstrap-account': {
    description: "write the server account over the client's Bootstrap-Server account (Security instance 1) instead of a free instance",
    breaks: [bs(0, 'C', /Bootstrap-Server account.*\/0\/1/), bs(4, 'D', /Bootstrap-Server account.*\/0\/1/)],
  },
  'bs-discover-without-accept': {
    description: 'send a Bootstrap-Discover without Accept 40 (application/link-format), so that the client takes it for a Read',
    breaks: [bs(0, 'D', /Accept 40.*none/), bs(4, 'B', /Accept 40.*none/)],
  },
  'bs-finish-omitted': {
    description: 'never send Bootstrap-Finish',
    breaks: [bs(0, 'E', /Bootstrap-Finish/), bs(4, 'F', /Bootstrap-Finish/), bs(8, 'D', /Bootstrap-Finish/)],
  },
  'bs-read-security-object': {
    description: 'send the Bootstrap-Read of the Server object to the Security object (/0) instead, which TS 1.1 §5.2.7.5 does not allow',
    breaks: [bs(8, 'B', /Bootstrap-Read of \/1.*GET \/0/), bs(4, 'B', /Bootstrap-Read of \/1.*GET \/0/)],
  },
  'bs-read-skips-acl': {
    description: 'leave out the Bootstrap-Read of the Access Control object (/2)',
    breaks: [bs(8, 'C', /Bootstrap-Read of \/2/)],
  },
  'bs-delete-resource-path': {
    description: 'send the Bootstrap-Delete of the Security object to a resource (/0/0/0) instead of /0',
    breaks: [bs(4, 'C', /Bootstrap-Delete.*\/0\/0\/0/)],
  },
  'bs-deletes-bootstrap-account': {
    description: "delete the client's Bootstrap-Server account (/0/1) by name before deleting /0",
    breaks: [bs(4, 'D', /Bootstrap-Server account.*\/0\/1/)],
  },
  'bs-no-check-after-delete': {
    description: 'skip the Bootstrap-Discover and Read that show the Deletes took effect, and provision again at once',
    breaks: [bs(4, 'E', /Bootstrap-Discover after the Bootstrap-Deletes/)],
  },
});

export type BootstrapServerFaultName = keyof typeof BOOTSTRAP_SERVER_FAULT_REGISTRY;

export function isBootstrapServerFaultName(s: string): s is BootstrapServerFaultName {
  return Object.prototype.hasOwnProperty.call(BOOTSTRAP_SERVER_FAULT_REGISTRY, s);
}
