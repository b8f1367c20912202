/**
 * Fault switches of the reference server's firmware update (firmware.ts), in the fault
 * registry's shape (../faults.ts); faults.ts takes them into the server registry. Each breaks
 * one rule of LwM2M TS 1.1 §E.6 (or RFC 7959) and names the server-side firmware cases.
 */
import { defineFaults, on } from '../faults';

const PROFILE = 'reference-server.yaml';
const srv = (n: number, criterion: string, diagnosis: RegExp) => on(n, criterion, diagnosis, PROFILE);

export const FIRMWARE_SERVER_FAULTS = defineFaults({
  'firmware-package-truncated': {
    description: 'push the firmware package without its last byte',
    breaks: [srv(770, 'A', /the package it was given.*bytes.*\d+ bytes/)],
  },
  'firmware-package-as-text': {
    description: 'push the firmware package with Content-Format 0 (text/plain) instead of 42 (application/octet-stream)',
    breaks: [srv(770, 'A', /Content-Format 42.*Content-Format 0/)],
  },
  'firmware-package-in-one-datagram': {
    description: 'push a firmware package larger than a block in one datagram, without Block1',
    breaks: [srv(770, 'A', /Block1.*one datagram/)],
  },
  'firmware-uri-altered': {
    description: 'write the Package URI with its last character dropped',
    breaks: [srv(771, 'A', /the URI it was given.*wrote/)],
  },
  'firmware-execute-before-downloaded': {
    description: 'execute Update (/5/0/2) right after delivering the package, without waiting for State 2 (Downloaded)',
    breaks: [srv(770, 'B', /State 2 \(Downloaded\)/), srv(771, 'B', /State 2 \(Downloaded\)/)],
  },
  'firmware-success-assumed': {
    description: 'report a firmware update successful once Update is answered 2.04, without reading the Update Result',
    breaks: [srv(770, 'C', /never read.*Update Result/), srv(771, 'C', /never read.*Update Result/)],
  },
});
