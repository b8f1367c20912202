/**
 * The notification timing checks give no false FAIL on a busy machine: the timed observation
 * cases PASS against the reference client while two other processes keep both cores busy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { caseOf, runHarness } from './harness';

const TIMED = ['301', '302', '303', '304', '308', '309', '310'].map((n) => `LightweightM2M-1.1-int-${n}`);

test('observation cases PASS against the reference client with both cores kept busy', async () => {
  const burners: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  try {
    const r = await runHarness(['--tags', TIMED.map((id) => `@${id}`).join(' or ')]);
    for (const id of TIMED) {
      const c = caseOf(r.run, id);
      assert.equal(c.verdict, 'PASS', `${id}: ${c.verdict}: ${c.reason}`);
    }
    assert.equal(r.exitCode, 0, r.stderr);
  } finally {
    for (const b of burners) b.kill('SIGKILL');
  }
});
