/** Reference-client faults of the core objects /4 to /7 (ETS int-7xx, 8xx, 9xx), firmware update included. */
import { defineFaults, on } from '../../faults';

const ERROR_CASES = [773, 774, 775, 776, 777, 778] as const;

export const OBJECT_FAULTS = defineFaults({
  'refuse-object-reads': {
    description: 'answer a Read of an instance of /4, /5, /6, /7, /10, /19 or /20 with 4.05',
    breaks: [
      on(701, 'A, B', /answered 4\.05/),
      on(751, 'A', /answered 4\.05/),
      on(801, 'A, B', /answered 4\.05/),
      on(901, 'C', /answered 4\.05/),
      on(905, 'A', /answered 4\.05/),
      on(1200, 'A', /answered 4\.05/),
      on(1201, 'B', /answered 4\.05/),
      on(2001, 'A', /answered 4\.05/),
    ],
  },
  'network-bearer-out-of-range': {
    description: 'report Network Bearer (/4/0/0) 51, outside its defined range 0..50',
    breaks: [on(701, 'C', /\/4\/0\/0 \(Network Bearer\): value 51 is outside the defined range 0\.\.50/)],
  },
  'bad-ip-address': {
    description: 'report an IP Address (/4/0/4) that is no IP address (127.0.0.256)',
    breaks: [on(701, 'C', /\/4\/0\/4\/0 \(IP Addresses\).*not an IP address/)],
  },
  'refuse-object-observe': {
    description: 'answer an Observe of anything under /4, /5, /6, /7, /10 or /19 with 4.05',
    breaks: [
      on(710, 'C, D', /the Observe of \/4\/0: it was answered 4\.05/),
      on(760, 'B', /the Observe of \/5\/0\/3: it was answered 4\.05/),
      on(810, 'B', /the Observe of \/6\/0: it was answered 4\.05/),
      on(910, 'C', /the Observe of \/7\/0: it was answered 4\.05/),
      on(1203, 'C', /the Observe of \/10\/0\/13: it was answered 4\.05/),
      on(1204, 'C', /the Observe of \/10\/0\/4: it was answered 4\.05/),
      on(1900, 'C', /the Observe of \/19\/0\/0: it was answered 4\.05/),
    ],
  },
  'future-location-timestamp': {
    description: 'report a Location Timestamp (/6/0/5) an hour after the time of the message',
    breaks: [on(810, 'D', /Timestamp \(\/6\/0\/5\) \d+ is 3\d{3} s after its arrival/)],
  },
  'omit-location-timestamp': {
    description: 'leave the mandatory Timestamp (/6/0/5) out of the Location object',
    breaks: [on(801, 'C', /Timestamp \(\/6\/0\/5\) is missing/)],
  },
  'latitude-out-of-range': {
    description: 'report a Latitude (/6/0/0) of 98.1 degrees',
    breaks: [on(801, 'C', /\/6\/0\/0 \(Latitude\).*-90\.\.90/)],
  },
  'reject-statistics-start': {
    description: 'answer Start (/7/0/6) with 4.05',
    breaks: [on(901, 'A', /4\.05 Method Not Allowed/), on(910, 'D', /4\.05 Method Not Allowed/)],
  },
  'reject-statistics-stop': {
    description: 'answer Stop (/7/0/7) with 4.05',
    breaks: [on(901, 'B', /4\.05 Method Not Allowed/), on(910, 'F', /4\.05 Method Not Allowed/)],
  },
  'average-above-max-message-size': {
    description: 'report an Average Message Size (/7/0/5) above the Max Message Size (/7/0/4)',
    breaks: [
      on(901, 'D', /Average Message Size .* exceeds the Max Message Size/),
      on(910, 'E', /Average Message Size .* exceeds the Max Message Size/),
    ],
  },
  'reject-collection-period-write': {
    description: 'answer a Write of Collection Period (/7/0/8) with 4.05',
    breaks: [on(905, 'B', /4\.05 Method Not Allowed/), on(910, 'B', /4\.05 Method Not Allowed/)],
  },
  'ignore-collection-period-write': {
    description: 'answer a Write of Collection Period (/7/0/8) with 2.04 but keep the old value',
    breaks: [on(905, 'C', /Collection Period \(\/7\/0\/8\) is \d+, not the written \d+/)],
  },
  'stale-update-result': {
    description: 'start with Update Result (/5/0/5) 1 and leave it when the package is reset',
    breaks: [
      on(751, 'B', /Update Result is 1, not 0/),
      on(755, 'B', /Update Result is 1, not 0/),
      on(756, 'B', /Update Result is 1, not 0/),
    ],
  },
  'omit-firmware-delivery-method': {
    description: 'leave the mandatory Firmware Update Delivery Method (/5/0/9) out of /5',
    breaks: [on(751, 'C', /Firmware Update Delivery Method \(\/5\/0\/9\) is missing/)],
  },
  'reject-empty-package': {
    description: 'answer the empty Package / Package URI write (the reset) with 4.00',
    breaks: [on(755, 'A', /4\.00 Bad Request/), on(756, 'A', /4\.00 Bad Request/), on(770, 'A', /4\.00/), on(771, 'A', /4\.00/)],
  },
  'reject-firmware-delivery': {
    description: 'answer a write of a package or a package URI with 4.05',
    breaks: [on(755, 'C', /4\.05/), on(756, 'C', /4\.05/), on(760, 'C', /4\.05/), on(770, 'B', /4\.05/), on(771, 'B', /4\.05/)],
  },
  'package-never-downloaded': {
    description: 'stay Downloading (State 1) after a valid package has arrived',
    breaks: [
      on(755, 'D', /never reached Downloaded/),
      on(756, 'D', /never reached Downloaded/),
      on(760, 'D', /no notification showed Downloaded \(2\)/),
      on(770, 'C', /never reached Downloaded/),
      on(771, 'C', /never reached Downloaded/),
      on(779, 'A', /never reached Downloaded/),
    ],
  },
  'reject-firmware-update': {
    description: 'answer Update (/5/0/2) with 4.05 even in State Downloaded',
    breaks: [on(770, 'D', /4\.05/), on(771, 'D', /4\.05/), on(779, 'B', /4\.05/)],
  },
  'wrong-state-while-updating': {
    description: 'go from Updating back to Downloading (a transition the TS does not have) during the install',
    breaks: [on(770, 'E', /to Downloading \(1\)/), on(771, 'E', /to Downloading \(1\)/)],
  },
  'update-result-not-success': {
    description: 'end a successful update with Update Result 0 instead of 1',
    breaks: [on(770, 'F', /Update Result 0, not 1/), on(771, 'F', /Update Result 0, not 1/)],
  },
  'firmware-version-unchanged': {
    description: 'keep the old Firmware Version (/3/0/3) after a successful update',
    breaks: [on(770, 'G', /Firmware Version .* is "1\.0", not the package's "2\.0"/), on(771, 'G', /is "1\.0", not the package's "2\.0"/)],
  },
  'undefined-update-result': {
    description: 'start with Update Result (/5/0/5) 12, a value the TS does not define',
    breaks: [on(772, 'A', /Update Result 12 is not a defined result/)],
  },
  'update-accepted-without-package': {
    description: 'answer Update (/5/0/2) with 2.04 when no package is downloaded',
    breaks: [on(772, 'B', /2\.04 Changed/)],
  },
  'refused-update-changes-result': {
    description: 'answer Update without a package 4.05 but set Update Result to 8',
    breaks: [on(772, 'C', /Update Result changed from 0 to 8/)],
  },
  'downloaded-despite-error': {
    description: 'take a package that fails to download or check as Downloaded (State 2)',
    breaks: ERROR_CASES.map((n) => on(n, 'A', /reached Downloaded/)),
  },
  'wrong-error-result': {
    description: 'report every download or install failure as Update Result 9 (unsupported protocol)',
    breaks: [...ERROR_CASES.map((n) => on(n, 'B', /Update Result 9, not/)), on(779, 'C', /Update Result 9, not 8/)],
  },
  'firmware-version-changed-on-failure': {
    description: 'take the package version as Firmware Version (/3/0/3) although its install failed',
    breaks: [on(779, 'D', /Firmware Version .* changed from "1\.0" to "2\.0"/)],
  },
});
