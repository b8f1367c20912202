/** Reference-client faults of the Information Reporting interface (ETS int-301 … int-313). */
import { defineFaults, on } from '../../faults';

export const INFORMATION_REPORTING_FAULTS = defineFaults({
  'ignore-pmax': {
    description: 'never notify because pmax has passed: notify only when a value changes',
    breaks: [
      on(301, 'A', /nothing came for \d+ ms, longer than pmax|later than pmax/),
      on(302, 'A', /nothing came for \d+ ms, longer than pmax|later than pmax/),
      on(303, 'A', /nothing came for \d+ ms, longer than pmax|later than pmax/),
      on(304, 'B', /no composite notification within \d+ ms/),
      on(310, 'B', /later than pmax|longer than pmax/),
      on(710, 'E, F', /nothing came for \d+ ms, longer than pmax|later than pmax|no notification/),
      on(810, 'C', /nothing came for \d+ ms, longer than pmax|later than pmax|no notification/),
      on(1204, 'D', /nothing came for \d+ ms, longer than pmax|later than pmax|no notification/),
      on(1203, 'D', /nothing came for \d+ ms, longer than pmax|later than pmax|no notification/),
      on(1900, 'D', /nothing came for \d+ ms, longer than pmax|later than pmax|no notification/),
    ],
  },
  'notify-before-pmin': {
    description: 'send a second notification 150 ms after each one, before pmin has passed',
    breaks: [on(301, 'A', /came \d+ ms after the one before, earlier than pmin/)],
  },
  'ignore-change-conditions': {
    description: 'notify on every change of a value, whatever gt, lt and st say',
    breaks: [],
    provenBy: 'test/peers/reference-client-reporting.test.ts',
  },
  'ignore-gt-lt-crossing': {
    description: 'never notify because a value crossed gt or lt: only pmax (or st) makes a notification',
    breaks: [],
    provenBy: 'test/peers/reference-client-reporting.test.ts',
  },
  'notify-after-reset': {
    description: 'go on notifying after the server answered a notification with RST',
    breaks: [on(302, 'B', /notification\(s\) came after the RST/)],
  },
  'notify-after-cancel': {
    description: 'go on notifying after a GET or FETCH with Observe=1 cancelled the observation',
    breaks: [on(303, 'C', /notification\(s\) came after the Observe=1/), on(305, 'C', /notification\(s\) came after the Observe=1/)],
  },
  'reject-observe-cancel': {
    description: 'answer a GET or FETCH with Observe=1 (cancel) with 4.05',
    breaks: [on(303, 'B', /4\.05 Method Not Allowed/), on(305, 'B', /4\.05 Method Not Allowed/)],
  },
  'change-notification-token': {
    description: 'send notifications with another token than the Observe request had',
    breaks: [on(301, 'A', /arrived with a token of no observation/)],
  },
  'observe-number-backwards': {
    description: 'let the Observe number of each notification go down instead of up',
    breaks: [on(301, 'A', /is not newer than Observe \d+ before it/)],
  },
  'ignore-observe-parameters': {
    description: 'ignore notification attributes given as query parameters of an Observe (LwM2M 1.2)',
    breaks: [
      {
        case: 'LightweightM2M-1.2-int-312',
        criterion: 'B',
        diagnosis: /longer than pmax|later than pmax/,
        profile: 'reference-client-1.2.yaml',
      },
      {
        case: 'LightweightM2M-1.2-int-313',
        criterion: 'A',
        diagnosis: /longer than pmax|later than pmax/,
        profile: 'reference-client-1.2.yaml',
      },
    ],
  },
  'observe-first-instance-only': {
    description: 'answer an Observe of a multiple-instance resource with its first instance only',
    breaks: [
      {
        case: 'LightweightM2M-1.2-int-312',
        criterion: 'A',
        diagnosis: /the response lacks \/3\/0\/7\/1/,
        profile: 'reference-client-1.2.yaml',
      },
    ],
  },
  'composite-missing-path': {
    description: 'leave the last asked path out of an Observe-Composite response and its notifications',
    breaks: [
      on(304, 'A', /the response lacks \/3\/0\/16/),
      on(305, 'A', /the response lacks/),
      on(310, 'A', /the response lacks \/3\/0/),
      on(308, 'C', /lacks \/16\/1/),
      on(309, 'B', /lacks \/16\/1/),
    ],
  },
  'composite-extra-path': {
    description: 'add Battery Level (/3/0/9) to every composite notification, though it was not asked for',
    breaks: [on(304, 'B', /carries \/3\/0\/9, which was not asked for/)],
  },
  'composite-observe-refuses-absent-path': {
    description: 'answer an Observe-Composite with 4.04 when one of its paths does not exist (yet)',
    breaks: [on(308, 'B', /was answered 4\.04, not 2\.05 Content/)],
  },
  'composite-fixes-paths-at-observe': {
    description: 'follow in an Observe-Composite only the asked paths that existed when it was established',
    breaks: [on(308, 'C', /lacks \/16\/1/)],
  },
  'composite-keeps-deleted-instance': {
    description: 'go on putting the last values of a deleted instance into composite notifications',
    breaks: [on(309, 'D', /carries \/16\/1\/0\/0.*though \/16\/1 does not exist/)],
  },
  'delete-answers-changed': {
    description: 'answer a Delete of an object instance with 2.04, as the ETS text of int-309 prints, not 2.02 Deleted',
    breaks: [on(309, 'C', /2\.04/)],
  },
  'send-unregistered-object': {
    description: 'put a Temperature value (/3303/0/5700) in every Send, though the client registered no /3303',
    breaks: [on(306, 'A', /carries \/3303\/0\/5700, of object\(s\) the client did not register/)],
  },
  'invalid-senml-send': {
    description: 'send a Send payload cut short, so it is not valid SenML CBOR',
    breaks: [on(306, 'A', /not valid application\/senml\+cbor/), on(311, 'A', /not valid application\/senml\+cbor/)],
  },
  'send-while-muted': {
    description: 'Send although Mute Send (/1/x/23) is true',
    breaks: [on(307, 'A', /a Send arrived while Mute Send was true/)],
  },
  'mute-send-forever': {
    description: 'once Mute Send has been true, never Send again, even when it is false',
    breaks: [on(307, 'B', /no Send \(POST \/dp\) within/)],
  },
});
