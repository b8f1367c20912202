/** Reference-client faults of the OSCORE case (ETS int-405). */
import { defineFaults, on } from '../../faults';

const PROFILE = 'reference-client-oscore.yaml';

export const OSCORE_FAULTS = defineFaults({
  'oscore-plain-register': {
    description: 'with OSCORE configured, send the Register in clear (no OSCORE option)',
    breaks: [on(405, 'A', /Register .*carried no OSCORE option/, PROFILE)],
  },
  'oscore-bad-tag': {
    description: 'with OSCORE configured, corrupt the ciphertext of every protected message (its tag fails)',
    breaks: [on(405, 'A', /could not be verified.*authentication tag does not verify/, PROFILE)],
  },
  'oscore-inner-code-outside': {
    description: 'with OSCORE configured, leave the real code in the outer header instead of POST / 2.04',
    breaks: [on(405, 'B', /outer code 2\.05 Content.*RFC 8613 §4\.2 requires 2\.04 Changed/, PROFILE)],
  },
  'oscore-read-unprotected': {
    description: "with OSCORE configured, answer the server's requests in clear",
    breaks: [on(405, 'B', /response to the Read of \/3\/0 carried no OSCORE option: it was sent in clear/, PROFILE)],
  },
});
