import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from '../../src/cli/progress';
import type { CaseResult, Verdict } from '../../src/conformance/results';

const result = (id: string, verdict: Verdict, reason?: string): CaseResult => ({
  id,
  title: `title of ${id}`,
  interface: 'Registration',
  verdict,
  reason,
  durationMs: 1500,
  tags: [],
  steps: [],
  trace: [],
});

test('without a terminal: one line per finished case, no control characters', () => {
  let out = '';
  const p = new Progress({ total: 2, write: (t) => (out += t), live: false });
  p.started('s1', 'LightweightM2M-1.1-int-101');
  p.finished('s1', result('LightweightM2M-1.1-int-101', 'PASS'));
  p.finished('s2', result('LightweightM2M-1.1-int-102', 'FAIL', 'criterion B: no Update'));
  p.stop();
  assert.equal(
    out,
    'PASS   LightweightM2M-1.1-int-101 title of LightweightM2M-1.1-int-101 (1.5 s)\n' +
      'FAIL   LightweightM2M-1.1-int-102 title of LightweightM2M-1.1-int-102 (1.5 s)\n       criterion B: no Update\n',
  );
});

test('on a terminal: a live line with the running cases, done/total, verdict counts and time left', () => {
  let t = 0;
  let out = '';
  const p = new Progress({ total: 4, write: (s) => (out += s), live: true, now: () => t });
  p.started('a', 'LightweightM2M-1.1-int-101');
  p.started('b', 'LightweightM2M-1.1-int-102');
  assert.equal(p.statusLine(), '[0/4] · no verdict yet · running int-101, int-102');
  t = 10000;
  p.finished('a', result('LightweightM2M-1.1-int-101', 'PASS'));
  assert.equal(p.statusLine(), '[1/4] · PASS 1 · running int-102 · about 30 s left');
  p.stop();
  // The finished case's line is printed over a cleared live line, and the live line redrawn under it.
  assert.match(out, /\r\x1b\[2KPASS {3}LightweightM2M-1\.1-int-101 [^\n]*\n\r\x1b\[2K\[1\/4\]/);
  assert.ok(out.endsWith('\r\x1b[2K'), 'stop() clears the live line');
});
