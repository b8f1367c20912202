/** Reference-client faults of the Bootstrap interface (ETS int-0 … int-9, 1.2-int-12) and of the several-servers cases (int-950, int-951). */
import { defineFaults, on, type FaultEffect } from '../../faults';

/** The default profile: its launch.bootstrap starts the client from the factory bootstrap configuration. */
const BS = 'reference-client.yaml';
const BS_PSK = 'reference-client-bootstrap-psk.yaml';
const BS_X509 = 'reference-client-bootstrap-x509.yaml';
const BS_12 = 'reference-client-1.2.yaml';
/** An effect on 1.2-int-12 (Bootstrap-Pack-Request), with the 1.2 profile that asks for a pack. */
const pack = (criterion: string, diagnosis: RegExp): FaultEffect => ({
  case: 'LightweightM2M-1.2-int-12',
  criterion,
  diagnosis,
  profile: BS_12,
});
const bs = (n: number, criterion: string, diagnosis: RegExp, profile = BS): FaultEffect => on(n, criterion, diagnosis, profile);

export const BOOTSTRAP_FAULTS = defineFaults({
  'bootstrap-wrong-endpoint': {
    description: 'send the Bootstrap-Request with another endpoint name than the one the client registers with',
    breaks: [
      bs(0, 'A', /endpoint name/),
      bs(1, 'A', /endpoint name/, BS_PSK),
      bs(2, 'A', /endpoint name/, BS_X509),
      bs(9, 'A', /endpoint name/),
      pack('A', /endpoint name/),
    ],
  },
  'reject-bootstrap-write': {
    description: 'answer a Bootstrap-Write to the Server object with 4.05',
    breaks: [
      bs(0, 'B, C', /4\.05/),
      bs(1, 'B, C', /4\.05/, BS_PSK),
      bs(2, 'B, C', /4\.05/, BS_X509),
      bs(4, 'A', /4\.05/),
      bs(8, 'A', /4\.05/),
      bs(9, 'B', /4\.05/),
    ],
  },
  'discover-missing-instances': {
    description: 'list only objects, not their instances, in a Bootstrap-Discover',
    breaks: [
      bs(0, 'D', /no link <\/0\/\d+>|missing/),
      bs(1, 'D', /missing/, BS_PSK),
      bs(2, 'D', /missing/, BS_X509),
      bs(4, 'B', /missing/),
    ],
  },
  'reject-bootstrap-finish': {
    description: 'answer Bootstrap-Finish with 5.00 although the configuration is consistent',
    breaks: [bs(0, 'E', /5\.00/), bs(1, 'E', /5\.00/, BS_PSK), bs(2, 'E', /5\.00/, BS_X509), bs(4, 'F', /5\.00/), bs(8, 'D', /5\.00/)],
  },
  'no-registration-after-finish': {
    description: 'after a successful Bootstrap-Finish, never register with the provisioned server',
    breaks: [
      bs(1, 'F', /no Register|Register request/, BS_PSK),
      bs(2, 'F', /no Register|Register request/, BS_X509),
      bs(4, 'G', /Register/),
      pack('B', /Register/),
    ],
  },
  'no-registration-after-fallback': {
    description: 'after a bootstrap that followed a failed registration, never register with the new server',
    breaks: [bs(7, 'B', /Register/), bs(6, 'D', /Register/)],
  },
  'reject-finish-after-trigger': {
    description: 'answer the Bootstrap-Finish of a server-initiated bootstrap with 4.06, as if nothing had been provisioned',
    breaks: [bs(5, 'C', /4\.06/)],
  },
  'ignore-bootstrap-delete': {
    description: 'answer Bootstrap-Delete with 2.02 Deleted but delete nothing',
    breaks: [bs(4, 'E', /still holds/)],
  },
  'delete-bootstrap-account': {
    description: 'delete the Bootstrap-Server account too on a Bootstrap-Delete of / or /0',
    breaks: [bs(4, 'D', /Bootstrap-Server account/)],
  },
  'reject-bootstrap-delete': {
    description: 'answer Bootstrap-Delete with 4.05',
    breaks: [bs(4, 'C', /4\.05/)],
  },
  'reject-bootstrap-read': {
    description: 'answer a Bootstrap-Read of /1 or /2 with 4.05',
    breaks: [bs(4, 'B', /4\.05/), bs(8, 'B, C', /4\.05/)],
  },
  'accept-inconsistent-finish': {
    description: 'accept a Bootstrap-Finish (2.04) although no usable LwM2M Server account was provisioned',
    breaks: [bs(9, 'C', /2\.04 Changed/)],
  },
  'reject-bootstrap-trigger': {
    description: 'answer the Bootstrap-Request Trigger (/1/x/9) with 4.05',
    breaks: [bs(5, 'A', /4\.05/)],
  },
  'ignore-bootstrap-trigger': {
    description: 'answer the Bootstrap-Request Trigger (/1/x/9) with 2.04 but send no Bootstrap-Request',
    breaks: [bs(5, 'B', /Bootstrap-Request/)],
  },
  'no-bootstrap-fallback': {
    description: 'when the provisioned (or factory) server cannot be reached, keep retrying it instead of bootstrapping',
    breaks: [bs(7, 'A', /Bootstrap-Request/), bs(6, 'C', /Bootstrap-Request/), bs(6, 'C', /Bootstrap-Request/, BS_PSK)],
  },
  // int-6 Bootstrap Sequence: a factory configuration with a server account and a Bootstrap-Server account
  'bootstrap-before-register': {
    description: 'bootstrap at start-up even when the factory configuration holds a usable LwM2M Server account',
    breaks: [bs(6, 'A', /Bootstrap-Request .*before/)],
  },
  'bootstrap-after-register': {
    description: 'register with the factory LwM2M Server account, then bootstrap all the same',
    breaks: [bs(6, 'B', /Bootstrap-Request/)],
  },
  'pack-request-accepts-tlv': {
    description: 'send the Bootstrap-Pack-Request with Accept: TLV (11542), a format no Bootstrap-Pack is given in',
    breaks: [pack('A', /Content-Format 11542/)],
  },
  // Several servers (int-950, int-951: two server accounts provisioned through the Test Bootstrap Server, C.14)
  'register-first-server-only': {
    description: 'after a bootstrap that provisioned several LwM2M Servers, register only with the first',
    breaks: [on(950, 'B', /Register/)],
  },
  'one-lifetime-for-all-servers': {
    description: 'register with every server using the lifetime of the last Server instance, not each its own',
    breaks: [on(950, 'A', /lt=/)],
  },
  'refuse-write-attributes-from-other-servers': {
    description: 'answer Write-Attributes from any server but the first with 4.05',
    breaks: [on(951, 'A', /4\.05/)],
  },
  'attributes-shared-between-servers': {
    description: 'keep one set of notification attributes for all servers: a later server overwrites the first one’s',
    breaks: [on(951, 'B', /pmin=15/)],
  },
  'discover-shows-first-server-attributes': {
    description: 'show every server the first server’s attributes in Discover (writes are kept per server)',
    breaks: [on(951, 'C', /pmin=2/)],
  },
});
