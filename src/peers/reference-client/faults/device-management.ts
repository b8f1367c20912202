/** Reference-client faults of the Device Management & Service Enablement interface (ETS int-2xx). */
import { defineFaults, on, onConmgmt } from '../../faults';

/** An effect on a LwM2M 1.2 ETS case (1.2-int-N), run with the 1.2 reference client. */
const on12 = (caseNumber: number, criterion: string, diagnosis: RegExp) => ({
  ...on(caseNumber, criterion, diagnosis, 'reference-client-1.2.yaml'),
  case: `LightweightM2M-1.2-int-${caseNumber}`,
});

export const DEVICE_MANAGEMENT_FAULTS = defineFaults({
  'text-wrong-content-format': {
    description: 'answer a Plain Text read with Content-Format 42 (opaque) on the response',
    breaks: [on(201, 'A', /Content-Format 42 \(application\/octet-stream\), not 0/)],
  },
  'tlv-length-overrun': {
    description: 'answer TLV reads with a payload whose last TLV length runs past the end',
    breaks: [
      on(203, 'A', /not valid application\/vnd.oma.lwm2m\+tlv: .*offset \d+/),
      on(223, 'A', /not valid application\/vnd.oma.lwm2m\+tlv/),
    ],
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
      on(406, 'C', /Firmware Version \(\/3\/0\/3\) is missing/, 'reference-client-bootstrap-psk.yaml'),
      on(404, 'C', /Firmware Version \(\/3\/0\/3\) is missing/, 'reference-client-bootstrap-x509.yaml'),
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
  // ---- reads at every level (int-222..225, 231, 232, 237, 652)
  'omit-mandatory-resources': {
    description: 'leave the mandatory Supported Binding (/3/0/16) and Binding (/1/x/7) out of object-level reads',
    breaks: [
      on(222, 'A', /lacks the mandatory resource/),
      on(231, 'A', /lacks the mandatory resource/),
      on(232, 'A', /lacks the mandatory resource/),
      on(257, 'A', /lacks the mandatory resource/),
    ],
  },
  'read-beyond-path': {
    description: 'answer a Read of a resource or resource instance with the whole object instance',
    breaks: [
      on(233, 'F', /expected a path under the request path \/1\/0\/1/),
      on(234, 'F', /expected a path under the request path \/1\/0\/1/),
      on(224, 'A', /outside|returned \d+ values|not valid/),
      on(225, 'A', /outside|returned \d+ values|not valid/),
    ],
  },
  'senml-announced-as-json': {
    description: 'answer SenML JSON reads with Content-Format 50 (application/json) instead of 110',
    breaks: [on(234, 'B', /Content-Format 50 .*not 110/), on(231, 'A', /Content-Format 50 .*not 110/)],
  },
  'senml-cbor-refused': {
    description: 'answer a Read asking for SenML CBOR (112) with 4.06 although the ICS declares it',
    breaks: [on(233, 'B', /Read \/1 was answered 4\.06 Not Acceptable/), on(232, 'A', /4\.06 Not Acceptable/)],
  },
  'cbor-refused': {
    description: 'answer a Read asking for CBOR (60) with 4.06 although the ICS declares it',
    breaks: [on(211, 'A', /4\.06 Not Acceptable/)],
  },
  'default-format-undeclared': {
    description: 'answer a Read without Accept in LwM2M CBOR (11544), a format the ICS does not declare',
    breaks: [on(237, 'A', /11544, which the DUT's ICS does not declare/), on(652, 'A', /11544, which the DUT's ICS does not declare/)],
  },
  'report-other-firmware-version': {
    description: 'report a Firmware Version (/3/0/3) of "0.9", not the declared one',
    breaks: [on(652, 'B', /\/3\/0\/3 is "0\.9", but "1\.0"/)],
  },
  'report-other-binding': {
    description: 'report Supported Binding and Modes (/3/0/16) as "UQ", not the declared "U"',
    breaks: [on(280, 'B', /\/3\/0\/16 is "UQ", but "U"/)],
  },
  // ---- writes (int-205, 215, 220, 226, 227, 256, 221)
  'refuse-text-writes': {
    description: 'answer Writes in Plain Text (0) with 4.15 although the ICS declares Plain Text',
    breaks: [on(205, 'A', /4\.15 Unsupported Content-Format/), on(227, 'A', /4\.15 Unsupported Content-Format/)],
  },
  'refuse-cbor-writes': {
    description: 'answer Writes in CBOR (60) with 4.15 although the ICS declares CBOR',
    breaks: [on(212, 'A', /4\.15 Unsupported Content-Format/)],
  },
  'refuse-resource-instance-write': {
    description: 'answer a Write of one resource instance (/16/0/0/1) with 4.05',
    breaks: [
      on(233, 'C', /\/16\/0\/0\/0 was answered 4\.05/),
      on(234, 'C', /\/16\/0\/0\/0 was answered 4\.05/),
      on(228, 'A', /4\.05 Method Not Allowed, not 2\.04/),
    ],
  },
  'ignore-timezone-writes': {
    description: 'answer 2.04 to Writes of Timezone (/3/0/15) but keep the old value',
    breaks: [on(651, 'B', /\/3\/0\/15 is "Etc\/UTC", but "Europe\/Paris" was written/)],
  },
  'write-not-applied': {
    description: 'answer a resource-level Write (other than Lifetime) with 2.04 but keep the old value',
    breaks: [
      on(233, 'D', /but "test_value" was written/),
      on(234, 'D', /but "test_value" was written/),
      on(205, 'B', /\/1\/0\/2 is 1, but 101 was written/),
      on(212, 'B', /\/1\/0\/2 is 1, but 101 was written/),
      on(228, 'B', /\/16\/0\/0\/1 is "Host Device Manufacturer #1", but "test" was written/),
    ],
  },
  'ignore-writes-of-defaults': {
    description:
      'answer 2.04 to Writes of the C.3 default values (pmin 1, pmax 10, Disable Timeout 86400, storing false) without applying them',
    breaks: [
      on(205, 'C', /\/1\/0\/2 is 101, but 1 is expected/),
      on(215, 'C', /\/1\/0\/2 is 101, but 1 was saved/),
      on(220, 'C', /\/1\/0\/2 is 101, but 1 was saved/),
      on(226, 'C', /\/1\/0\/6 is true, but false was saved/),
    ],
  },
  'reject-partial-update': {
    description: 'answer a partial-update Write (POST) on an object instance with 4.05',
    breaks: [
      on(233, 'A', /\/1\/x was answered 4\.05/),
      on(234, 'A', /\/1\/x was answered 4\.05/),
      on(215, 'A', /4\.05 Method Not Allowed/),
      on(220, 'A', /4\.05 Method Not Allowed/),
      on(226, 'A', /4\.05 Method Not Allowed/),
      on(651, 'A', /4\.05 Method Not Allowed/),
    ],
  },
  'partial-update-replaces': {
    description: 'treat a partial update (POST) of an object instance as a replace, dropping the resources it does not mention',
    breaks: [on(215, 'B', /\/1\/0\/1 is missing/), on(220, 'B', /\/1\/0\/1 is missing/), on(226, 'B', /\/1\/0\/7 is missing/)],
  },
  'replace-ignored': {
    description: 'answer a replace Write (PUT) of an object instance with 2.04 but keep the old values',
    breaks: [
      on(215, 'C', /\/1\/0\/2 is 101, but 1 was saved/),
      on(220, 'C', /\/1\/0\/2 is 101, but 1 was saved/),
      on(651, 'C', /\/3\/0\/14 is "\+02:00", but "\+00:00" was saved/),
    ],
  },
  'stale-lifetime-reads': {
    description: 'show in Reads the lifetime the client started with, not the one written',
    breaks: [
      on(233, 'B', /is 30, but 61 was written/),
      on(234, 'B', /is 30, but 61 was written/),
      on(227, 'B', /\/1\/0\/1 is 30, but 63 was written/),
    ],
  },
  'update-only-on-first-lifetime-write': {
    description: 'announce only the first change of the Lifetime with an Update, not later ones',
    breaks: [
      on(233, 'E', /no Update carrying lt=63/),
      on(234, 'E', /no Update carrying lt=63/),
      on(226, 'C', /Update carrying lt=30/),
      on(227, 'C', /Update carrying lt=30/),
    ],
  },
  'allow-read-only-write': {
    description: 'accept (2.04) and apply a Write of a read-only resource (Short Server ID /1/x/0)',
    breaks: [on(256, 'A', /2\.04 Changed, not 4\.05/)],
  },
  'read-only-write-applied': {
    description: 'answer a Write of a read-only resource 4.05 but apply it',
    breaks: [on(256, 'B', /\/1\/0\/0 is 123, but 1 was saved/)],
  },
  'security-readable': {
    description: 'let a server Read the Security object (/0)',
    breaks: [on(221, 'A', /2\.05 Content, not 4\.01 Unauthorized/)],
  },
  'security-writable': {
    description: 'let a server Write the Security object (/0)',
    breaks: [on(221, 'B', /2\.04 Changed, not 4\.01 Unauthorized/)],
  },
  'security-write-attributes': {
    description: 'accept Write-Attributes on the Security object (/0)',
    breaks: [on(221, 'C', /2\.04 Changed, not 4\.01 Unauthorized/)],
  },
  // ---- Create / Delete (int-680, 685, 1630, 1635)
  'allow-device-create': {
    description: 'accept (2.01) a Create on the single-instance Device object (/3)',
    breaks: [on(680, 'A', /2\.01 Created, not 4\.05/)],
  },
  'create-applied-but-refused': {
    description: 'answer a Create on the Device object 4.05 but create the instance',
    breaks: [on(680, 'B', /\/3\/1/)],
  },
  'allow-device-delete': {
    description: 'accept (2.02) a Delete of the Device object instance /3/0',
    breaks: [on(685, 'A', /2\.02 Deleted, not 4\.05/)],
  },
  'delete-applied-but-refused': {
    description: 'answer a Delete of /3/0 with 4.05 but delete it',
    breaks: [on(685, 'B', /4\.04 Not Found, not 2\.05/)],
  },
  'discover-without-dim': {
    description: 'leave dim out of the Discover links of multiple resources',
    breaks: [
      on(260, 'A', /no dim/, 'reference-client-1.2.yaml'),
      on(260, 'D', /no dim/),
      on(261, 'A', /no dim/),
      on(1630, 'A', /no dim/, 'reference-client-1.2.yaml'),
      on(1635, 'A', /no dim/, 'reference-client-1.2.yaml'),
    ],
  },
  'refuse-create': {
    description: 'answer a Create on a multiple-instance object (Portfolio /16, APN Connection Profile /11) with 4.05',
    breaks: [
      on(1630, 'B', /4\.05 Method Not Allowed, not 2\.01/),
      on(308, 'A', /4\.05/),
      on(309, 'A', /4\.05/),
      onConmgmt(1250, 'A', /4\.05 Method Not Allowed, not 2\.01/),
    ],
  },
  'discover-misses-created-instances': {
    description: 'leave instances created after start out of object-level Discover answers',
    breaks: [on(1630, 'C', /<\/16\/1\/0> is missing/)],
  },
  'create-drops-second-value': {
    description: 'keep only the first instance of each multiple resource given in a Create',
    breaks: [on(1630, 'D', /\/16\/1\/0\/1 is missing/)],
  },
  'refuse-portfolio-delete': {
    description: 'answer a Delete of a Portfolio instance with 4.05',
    breaks: [on(1635, 'B', /4\.05 Method Not Allowed, not 2\.02/)],
  },
  'delete-ignored': {
    description: 'answer a Delete of an object instance with 2.02 but keep the instance',
    breaks: [on(1635, 'C', /<\/16\/0>;.*should not be listed/)],
  },
  // ---- Discover and Write-Attributes (int-260, 261)
  'refuse-write-attributes': {
    description: 'answer Write-Attributes with 4.05',
    breaks: [
      on(260, 'B', /4\.05 Method Not Allowed, not 2\.04/),
      on(261, 'B', /4\.05 Method Not Allowed, not 2\.04/),
      on12(264, 'B', /4\.05 Method Not Allowed, not 2\.04/),
      on12(266, 'B', /4\.05 Method Not Allowed, not 2\.04/),
      // the object observation cases (faults/objects.ts has their other faults)
      ...[710, 760, 810, 910].map((n) => on(n, n === 710 ? 'A, B' : 'A', /answered 4\.05 Method Not Allowed/)),
      ...[1203, 1204, 1900].map((n) => on(n, 'B', /answered 4\.05 Method Not Allowed/)),
    ],
  },
  'ignore-write-attributes': {
    description: 'answer Write-Attributes with 2.04 but store nothing',
    breaks: [on(260, 'C', /<\/3\/0>.*no pmin/), on12(264, 'C', /<\/3\/0>.*no pmax/)],
  },
  'discover-hides-resource-attributes': {
    description: 'show no resource attributes in a Discover of an object instance',
    breaks: [on(260, 'D', /<\/3\/0\/7>.*no lt/)],
  },
  'discover-without-inheritance': {
    description: 'show on a resource Discover only the attributes set on the resource, not those inherited from the instance and object',
    breaks: [on(260, 'E', /<\/3\/0\/7>.*no pmin/), on(261, 'C', /<\/3\/0\/11>.*no pmin/)],
  },
  'discover-ignores-depth': {
    description: 'answer a Discover with depth (LwM2M 1.2) as if it carried none',
    breaks: [
      on12(264, 'A', /<\/3\/0\/0> is 2 levels below \/3, deeper than the depth 1 asked for/),
      on12(266, 'C', /<\/3\/0\/7\/1> is missing|no lt/),
    ],
  },
  'discover-depth-off-by-one': {
    description: 'answer a Discover with depth (LwM2M 1.2) one level short of the depth asked for',
    breaks: [on12(266, 'A', /<\/3\/0\/0> is missing/)],
  },
  // ---- Read-Composite (int-280, 281, 235, 236)
  'composite-extra-paths': {
    description: 'add the whole Device object instance to every Read-Composite answer',
    breaks: [on(280, 'A', /data for paths not requested/), on(281, 'A', /data for paths not requested/)],
  },
  // ---- Write-Composite (int-230, 257)
  'refuse-write-composite': {
    description: 'answer a Write-Composite (iPATCH) with 4.05',
    breaks: [on(230, 'A', /4\.05 Method Not Allowed, not 2\.04/), on(257, 'B', /4\.05 Method Not Allowed, not 2\.04/)],
  },
  'write-composite-skips-last': {
    description: 'answer a Write-Composite with 2.04 but leave its last value unwritten',
    breaks: [
      on(230, 'B', /\/16\/0\/0\/3 is "Host Device Software Version #1", but "dd" was written/),
      on(257, 'C', /\/3\/0\/13 \(Current Time\) is \d+, but 0 was written/),
    ],
  },
  'composite-includes-security': {
    description: 'include the Security object (/0) in a Read-Composite of the root path',
    breaks: [on(235, 'A', /object \/0 must not be in the answer/)],
  },
  'composite-fails-on-absent-path': {
    description: 'answer a Read-Composite with 4.04 when one of its paths does not exist',
    breaks: [on(236, 'A', /4\.04 Not Found, not 2\.05/)],
  },
});
