/** Reference-client faults of the Registration interface (ETS int-101 … int-107). */
import { defineFaults, on, onConmgmt } from '../../faults';

export const REGISTRATION_FAULTS = defineFaults({
  'no-lwm2m-param': {
    description: 'Register without the "lwm2m" version parameter (mandatory since LwM2M 1.1)',
    breaks: [on(101, 'A', /"lwm2m" parameter is missing/)],
  },
  'register-security-object': {
    description: 'list the Security object /0 in the Register object list (forbidden since 1.1)',
    breaks: [on(101, 'A', /Security object \/0/)],
  },
  'malformed-register-payload': {
    description: 'send a Register whose link-format payload has an unterminated "<"',
    breaks: [
      on(101, 'A', /object list is not valid.*link-format at offset \d+/),
      on(401, 'A', /Register was answered 4\.00/, 'reference-client-psk.yaml'),
      on(402, 'A', /Register was answered 4\.00/, 'reference-client-x509.yaml'),
    ],
  },
  'malformed-register-datagram': {
    description: 'send the Register as a malformed CoAP datagram (option length runs past the end)',
    breaks: [on(101, 'step 1', /malformed CoAP at byte \d+/)],
  },
  'register-wrong-content-format': {
    description: 'send the Register object list with Content-Format 0 instead of 40',
    breaks: [on(101, 'A', /Content-Format 0/)],
  },
  'ignore-register-response': {
    description: 'do not take the 2.01 Created to a Register: register again at once',
    breaks: [on(101, 'B', /sent another Register \d+ ms after/), on(106, 'C', /sent another Register \d+ ms after/)],
  },
  'reject-lifetime-write': {
    description: 'answer a Write to the Lifetime resource with 4.05',
    breaks: [on(102, 'A', /4\.05 Method Not Allowed/), on(107, 'A', /4\.05 Method Not Allowed/)],
  },
  'no-update-on-lifetime-write': {
    description: 'do not send an Update after the Lifetime resource is written',
    breaks: [
      on(233, 'A', /no Update carrying lt=61/),
      on(234, 'A', /no Update carrying lt=61/),
      on(102, 'B, C', /carries no lt|no Update within/),
      on(107, 'B', /carries no lt|no Update within/),
      on(226, 'A', /Update carrying lt=61/),
      on(227, 'A', /Update carrying lt=63/),
      on(230, 'A', /Update carrying lt=61/),
    ],
  },
  'periodic-update-with-params': {
    description: 'send lt and b in every periodic Update although nothing changed',
    breaks: [on(102, 'D', /carries parameters \(lt, b\)/)],
  },
  'no-periodic-update': {
    description: 'never send the periodic Update, so the registration expires',
    breaks: [on(104, 'E', /registration expired/), on(107, 'C', /no second Update within/)],
  },
  'reject-disable': {
    description: 'answer Disable (/1/x/4) with 4.05',
    breaks: [on(103, 'A', /4\.05 Method Not Allowed/)],
  },
  'no-deregister-on-disable': {
    description: 'answer Disable with 2.04 but send no De-register',
    breaks: [on(103, 'B', /no De-register within/)],
  },
  'update-after-deregister': {
    description: 'after de-registering on Disable, go on sending Updates to the old registration',
    breaks: [on(103, 'C', /sent POST \/rd\/\w+ \d+ ms after its De-register/)],
  },
  'reject-update-trigger': {
    description: 'answer Registration Update Trigger (/1/x/8) with 4.05',
    breaks: [on(104, 'A, B', /4\.05 Method Not Allowed/), onConmgmt(1250, 'B', /4\.05 Method Not Allowed/)],
  },
  'ignore-update-trigger': {
    description: 'answer Registration Update Trigger with 2.04 but send no Update',
    breaks: [on(104, 'C, D', /no Update within/)],
  },
  'update-trigger-with-params': {
    description: 'send lt and b parameters in the Update that a Registration Update Trigger causes',
    breaks: [on(104, 'C, D', /carries parameters/)],
  },
  'deregister-after-update-trigger': {
    description: 'de-register shortly after the Update that a Registration Update Trigger causes',
    breaks: [on(104, 'E', /the client de-registered/)],
  },
  'deregister-instead-of-update': {
    description: 'send a De-register (DELETE) where the periodic Update is due',
    breaks: [on(105, 'A', /sent DELETE/)],
  },
  'no-reregister-after-404': {
    description: 'after a 4.04 to an Update, stay silent instead of registering anew',
    breaks: [on(105, 'B', /no Register request within/)],
  },
  'update-without-changed-objects': {
    description: 'leave the object list out of an Update even when objects or instances changed since the last Register or Update',
    breaks: [onConmgmt(1250, 'C', /carr(?:y|ies) no object list/)],
  },
});
