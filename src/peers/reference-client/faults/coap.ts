/** Reference-client faults of the CoAP layer, below any one ETS case (RFC 7252). */
import { defineFaults } from '../../faults';

export const COAP_FAULTS = defineFaults({
  'accept-wrong-token': {
    description: 'take a piggybacked response whose token does not match the request (matched by Message ID alone)',
    breaks: [],
    provenBy: 'test/peers/lockstep.test.ts',
  },
});
