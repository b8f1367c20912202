/**
 * Fault switches of the reference client. Each one makes the client break exactly one rule of
 * the LwM2M specification, so the project's own tests can show that each check can FAIL.
 */
export const FAULTS = {
  'no-lwm2m-param': 'Register without the "lwm2m" version parameter (mandatory since LwM2M 1.1)',
  'register-security-object': 'list the Security object /0 in the Register object list (forbidden since 1.1)',
  'malformed-register-payload': 'send a Register whose link-format payload has an unterminated "<"',
  'malformed-register-datagram': 'send the Register as a malformed CoAP datagram (option length runs past the end)',
  'register-wrong-content-format': 'send the Register object list with Content-Format 0 instead of 40',
  'reject-lifetime-write': 'answer a Write to the Lifetime resource with 4.05',
  'no-update-on-lifetime-write': 'do not send an Update after the Lifetime resource is written',
  'periodic-update-with-params': 'send lt and b in every periodic Update although nothing changed',
  'no-periodic-update': 'never send the periodic Update, so the registration expires',
  'ignore-update-trigger': 'answer Registration Update Trigger with 2.04 but send no Update',
  'update-trigger-with-params': 'send lt and b parameters in the Update that a Registration Update Trigger causes',
  'no-deregister-on-disable': 'answer Disable with 2.04 but send no De-register',
  'no-reregister-after-404': 'after a 4.04 to an Update, stay silent instead of registering anew',
  'text-wrong-content-format': 'answer a Plain Text read with Content-Format 42 (opaque) on the response',
  'tlv-length-overrun': 'answer TLV reads with a payload whose last TLV length runs past the end',
  'wrong-serial-number': 'report a Serial Number (/3/0/2) other than the declared one',
  'omit-firmware-version': 'leave Firmware Version (/3/0/3) out of reads of the Device object instance',
  'malformed-read-response': 'answer a Read of an object instance with a malformed CoAP datagram (an option running past the end)',
  'no-reregister-after-reboot': 'answer Reboot (/3/0/4) with 2.04 but never register again',
  'skip-server-name-check': 'in certificate mode, accept a server certificate issued for another host name',
  'accept-wrong-token': 'take a piggybacked response whose token does not match the request (matched by Message ID alone)',
} as const;

export type FaultName = keyof typeof FAULTS;

export function isFaultName(s: string): s is FaultName {
  return Object.prototype.hasOwnProperty.call(FAULTS, s);
}
