/**
 * The harness against LwM2M clients nobody here wrote, installed from the npm registry
 * (devDependencies, pinned) and started through our own small launchers in
 * fixtures/duts/examples/. Each table holds the verdict every case must get, and for every
 * non-PASS the criterion and the words of the deviation, with the clause of the specification
 * it breaks: a new false FAIL, a lost FAIL or an ERROR in the harness fails this test, and so
 * does a change in the peer.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { caseOf, runHarness, ROOT } from '../e2e/harness';

type Expected = { verdict: 'PASS' } | { verdict: 'FAIL' | 'INCONC'; criterion: string; words: RegExp; clause: string };
const PASS: Expected = { verdict: 'PASS' };

export const COAP_NODE_TABLE: Record<string, Expected> = {};

export const LWM2M_NODE_LIB_CLIENT_TABLE: Record<string, Expected> = {
  'LightweightM2M-1.0-int-101': {
    verdict: 'FAIL',
    criterion: 'A',
    words: /Content-Format is absent; the object list must be 40/,
    clause: 'TS 1.0 §8.2.6 / Table 22: the Register payload is application/link-format',
  },
  'LightweightM2M-1.0-int-102': {
    verdict: 'FAIL',
    criterion: 'D',
    words: /Update carries parameters \(lt, lwm2m, b\)/,
    clause: 'TS 1.0 §5.3.2: an Update carries only the parameters that changed',
  },
  'LightweightM2M-1.0-int-103': {
    verdict: 'INCONC',
    criterion: 'precondition',
    words: /\/1\/0 was answered 4\.04/,
    clause: 'TS 1.0 §5.4.1: Read of an Object Instance (mandatory) is not implemented, so C.3 cannot be shown',
  },
  'LightweightM2M-1.0-int-104': {
    verdict: 'FAIL',
    criterion: 'C, D',
    words: /Update carries parameters \(lt, lwm2m, b\)/,
    clause: 'TS 1.0 §5.3.2: the Update after Registration Update Trigger carries no parameters that did not change',
  },
  'LightweightM2M-1.0-int-201': {
    verdict: 'FAIL',
    criterion: 'A',
    words: /answered in Content-Format \(none\), not 0/,
    clause: 'TS 1.0 §6.4 / RFC 7252 §5.10.3: a Read response names its Content-Format',
  },
  'LightweightM2M-1.0-int-241': {
    verdict: 'FAIL',
    criterion: 'B',
    words: /Content-Format is absent/,
    clause: 'TS 1.0 §8.2.6: the Register after the reboot has no link-format Content-Format either',
  },
};

async function judge(profile: string, table: Record<string, Expected>) {
  const tags = Object.keys(table)
    .map((id) => `@${id}`)
    .join(' or ');
  const r = await runHarness(['--dut', path.join(ROOT, 'fixtures/duts/examples', profile), '--tags', tags]);
  const wrong: string[] = [];
  for (const [id, want] of Object.entries(table)) {
    const got = caseOf(r.run, id);
    if (got.verdict !== want.verdict) wrong.push(`${id}: ${got.verdict} (${got.reason}), the table says ${want.verdict}`);
    else if (want.verdict !== 'PASS') {
      if (got.diagnosis?.criterion !== want.criterion)
        wrong.push(`${id}: criterion ${got.diagnosis?.criterion}, the table says ${want.criterion}`);
      if (!want.words.test(`${got.diagnosis?.expected} ${got.diagnosis?.actual}`))
        wrong.push(`${id}: "${got.reason}" does not say ${want.words}`);
    }
  }
  assert.deepEqual(wrong, []);
}

describe('LwM2M clients from the npm registry, judged case by case', { concurrency: 2 }, () => {
  test('lwm2m-node-lib 1.4.0 client: every verdict as its table says', () =>
    judge('lwm2m-node-lib-client.yaml', LWM2M_NODE_LIB_CLIENT_TABLE));
  test('coap-node 0.2.5: every verdict as its table says', { skip: Object.keys(COAP_NODE_TABLE).length === 0 }, () =>
    judge('coap-node.yaml', COAP_NODE_TABLE),
  );
});

void PASS;
