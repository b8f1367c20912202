/**
 * The server suite against an LwM2M server nobody here wrote: lwm2m-node-lib 1.4.0 (Telefonica,
 * npm registry, a pinned devDependency), started through our own launcher in
 * fixtures/duts/examples/lwm2m-node-lib/ and driven through its stdin console. The table holds
 * the verdict every applicable case must get, and for every non-PASS the criterion, the words of
 * the deviation and the clause it breaks: a new false FAIL, a lost FAIL or an ERROR fails this
 * test, and so does a change in the library. Cases it cannot be asked to do (no TLV/JSON/SenML,
 * no Create/Delete/Discover/Observe action, no queue mode, no DTLS) are N/A and not tabled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runHarness, ROOT } from '../e2e/harness';
import { PASS, tableMismatches, type Expected } from './verdict-table';

/** It puts the whole location "rd/N" into one Location-Path option. */
const ONE_OPTION_LOCATION = {
  verdict: 'FAIL',
  criterion: 'B',
  words: /one option per segment.*"rd\/\d+"/,
  clause: 'RFC 7252 §5.10.7: each Location-Path option is one segment, so "rd/1" in one option is the single segment "rd%2F1"',
} as const;

export const LWM2M_NODE_LIB_SERVER_TABLE: Record<string, Expected> = {
  'LightweightM2M-1.1-int-101': ONE_OPTION_LOCATION,
  // The Test Client follows the location as "/rd/N" (as clients do), so the rest can be judged.
  'LightweightM2M-1.1-int-102': PASS,
  'LightweightM2M-1.1-int-103': PASS,
  'LightweightM2M-1.1-int-104': PASS,
  'LightweightM2M-1.1-int-107': PASS,
  'LightweightM2M-1.1-int-105': ONE_OPTION_LOCATION,
  'LightweightM2M-1.1-int-201': PASS,
  'LightweightM2M-1.1-int-205': PASS,
  'LightweightM2M-1.1-int-241': ONE_OPTION_LOCATION,
  'LightweightM2M-1.1-int-227': PASS,
  'LightweightM2M-1.1-int-228': {
    verdict: 'FAIL',
    criterion: 'step 1',
    words: /the server to write \/16\/0\/0\/1 when asked.*no output matched/,
    clause:
      'LwM2M 1.1 Core, Write: a 1.1 server may write one Resource Instance (/O/I/R/RI); the library addresses resources only (write(device, object, instance, resource, value)), so it cannot be asked to',
  },
  // It prints "error: Error code recieved from the client: 4.05": the refusal is reported.
  'LightweightM2M-1.1-int-256': PASS,
  'LightweightM2M-1.1-int-652': PASS,
  'LwM2M-Robustness-1.1-srv-1': {
    verdict: 'FAIL',
    criterion: 'B',
    words: /4\.00 Bad Request.*2\.01 Created/,
    clause: 'LwM2M 1.1 Core §6.2.1 / RFC 6690: it never parses the object list, so an unreadable one is registered',
  },
  'LwM2M-Robustness-1.1-srv-2': PASS,
};

test('lwm2m-node-lib 1.4.0 server: every applicable server case as its table says, and nothing else judged', async () => {
  const r = await runHarness(['--dut', path.join(ROOT, 'fixtures/duts/examples/lwm2m-node-lib-server.yaml')]);
  const wrong = tableMismatches(r.run, LWM2M_NODE_LIB_SERVER_TABLE);
  // A case the table does not hold must not be judged: a newly applicable case gets a row first.
  for (const c of r.run!.cases)
    if (c.verdict !== 'N/A' && !(c.id in LWM2M_NODE_LIB_SERVER_TABLE)) wrong.push(`${c.id}: ${c.verdict}, not in the table`);
  assert.deepEqual(wrong, []);
});
