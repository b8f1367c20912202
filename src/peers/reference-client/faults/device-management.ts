/** Reference-client faults of the Device Management & Service Enablement interface (ETS int-2xx). */
import { defineFaults, on } from '../../faults';

export const DEVICE_MANAGEMENT_FAULTS = defineFaults({
  'text-wrong-content-format': {
    description: 'answer a Plain Text read with Content-Format 42 (opaque) on the response',
    breaks: [on(201, 'A', /Content-Format 42 \(application\/octet-stream\), not 0/)],
  },
  'tlv-length-overrun': {
    description: 'answer TLV reads with a payload whose last TLV length runs past the end',
    breaks: [on(203, 'A', /not valid application\/vnd.oma.lwm2m\+tlv: .*offset \d+/)],
  },
  'wrong-serial-number': {
    description: 'report a Serial Number (/3/0/2) other than the declared one',
    breaks: [
      on(201, 'A', /Serial Number \(\/3\/0\/2\) is "000000000", the DUT declares "345000123"/),
      on(204, 'A', /Serial Number \(\/3\/0\/2\) is "000000000"/),
    ],
  },
  'omit-firmware-version': {
    description: 'leave Firmware Version (/3/0/3) out of reads of the Device object instance',
    breaks: [
      on(203, 'A', /Firmware Version \(\/3\/0\/3\) is missing/),
      on(204, 'A', /Firmware Version \(\/3\/0\/3\) is missing/),
      on(401, 'B', /Firmware Version \(\/3\/0\/3\) is missing/, 'reference-client-psk.yaml'),
      on(402, 'B', /Firmware Version \(\/3\/0\/3\) is missing/, 'reference-client-x509.yaml'),
    ],
  },
  'malformed-read-response': {
    description: 'answer a Read of an object instance with a malformed CoAP datagram (an option running past the end)',
    breaks: [
      on(
        203,
        'step 1',
        /no response to GET \/3\/0 .*a malformed datagram arrived instead: malformed CoAP at byte \d+: expected 2 byte\(s\) of option 12 value/,
      ),
    ],
  },
  'reject-reboot': {
    description: 'answer Reboot (/3/0/4) with 4.05',
    breaks: [on(241, 'A', /4\.05 Method Not Allowed/)],
  },
  'no-reregister-after-reboot': {
    description: 'answer Reboot (/3/0/4) with 2.04 but never register again',
    breaks: [on(241, 'B', /no Register request within/)],
  },
});
