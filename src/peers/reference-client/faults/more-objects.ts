/**
 * Reference-client faults of the further objects: Cellular Connectivity /10 and APN Connection
 * Profile /11 (ETS int-12xx, CONMGMT-int-1250), BinaryAppDataContainer /19 (int-19xx), Event
 * Log /20 (int-20xx).
 */
import { defineFaults, on, onConmgmt } from '../../faults';

export const MORE_OBJECT_FAULTS = defineFaults({
  'omit-activated-profile-names': {
    description: 'leave the mandatory Activated Profile Names (/10/0/11) out of Cellular Connectivity',
    breaks: [
      on(1200, 'B', /Activated Profile Names \(\/10\/0\/11\) is missing/),
      on(1201, 'C', /Activated Profile Names \(\/10\/0\/11\) is missing/),
    ],
  },
  'misstate-object-versions': {
    description: 'announce /10 without its version 1.1 and /19 (a 1.0 object) as version 1.1, in Register and Discover',
    breaks: [
      on(1201, 'A', /<\/10> shows version none \(1\.0\), not 1\.1/),
      on(1202, 'A', /<\/10> shows version none \(1\.0\), not 1\.1/),
      on(1203, 'A', /<\/10> shows version none \(1\.0\), not 1\.1/),
      on(1900, 'A', /<\/19> shows version 1\.1, not 1\.0/),
    ],
  },
  'omit-edrx-parameters': {
    description: 'leave the eDRX parameters for WB-S1 and NB-S1 mode (/10/0/8, /10/0/9) out of Cellular Connectivity',
    breaks: [on(1204, 'A', /the Discover has no link <\/10\/0\/8>/)],
  },
  'active-psm-out-of-range': {
    description: 'report Active Power Saving Modes (/10/0/13) 256, outside its defined range 0..255',
    breaks: [on(1202, 'B', /\/10\/0\/13 \(Active Power Saving Modes\): value 256 is outside the defined range 0\.\.255/)],
  },
  'reject-object-writes': {
    description: 'answer a Write of /10, /11 or /19 resources with 4.05',
    breaks: [
      on(1202, 'C', /4\.05 Method Not Allowed/),
      on(1901, 'A', /4\.05 Method Not Allowed/),
      onConmgmt(1250, 'D', /4\.05 Method Not Allowed/),
    ],
  },
  'ignore-object-writes': {
    description: 'answer a Write of /10, /11 or /19 resources with 2.04 but keep the old values',
    breaks: [
      on(1202, 'D', /Release Assistance Indication Usage \(\/10\/0\/14\) is \d+, not the written \d+/),
      on(1901, 'B', /the Data read is [0-9a-f]+, not the written/),
    ],
  },
  'reject-log-start': {
    description: 'answer the Execute of LogStart (/20/0/4011) with 4.05',
    breaks: [on(2000, 'A', /4\.05 Method Not Allowed/)],
  },
  'write-executable-accepted': {
    description: 'answer a Write of an Execute-only resource (e.g. LogStart /20/0/4011) with 2.04',
    breaks: [on(2000, 'B', /answered 2\.04 Changed/)],
  },
  'read-executable-answered': {
    description: 'answer a Read of an Execute-only resource (e.g. LogStart /20/0/4011) with an empty 2.05',
    breaks: [on(2000, 'C', /answered 2\.05 Content/)],
  },
  'omit-log-data': {
    description: 'leave the mandatory LogData (/20/0/4014) out of the Event Log',
    breaks: [on(2000, 'D', /LogData \(\/20\/0\/4014\) is missing/), on(2001, 'B', /LogData \(\/20\/0\/4014\) is missing/)],
  },
  'apn-list-not-updated': {
    description: 'keep Activated Profile Names (/10/0/11) at the profiles enabled at start, whatever Enable status (/11/x/3) says later',
    breaks: [onConmgmt(1250, 'E', /no object link 11:1/)],
  },
});
