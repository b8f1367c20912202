/** docs/dut-profile.md stays true: its example profile is valid and its ICS table lists exactly the known features. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDutProfile, DEFAULT_TIMERS, LAUNCH_PLACEHOLDERS } from '../../src/conformance/dut-profile';
import { KNOWN_FEATURES } from '../../src/conformance/ics';

const DOC = path.join(__dirname, '..', '..', 'docs', 'dut-profile.md');
const text = fs.readFileSync(DOC, 'utf8');

test('the complete example in the docs is a valid profile', () => {
  const example = /## A complete example\s+```yaml\n([^]*?)```/.exec(text);
  assert.ok(example, 'example block not found');
  const p = parseDutProfile(example[1], DOC);
  assert.equal(p.declared.serverShortId, 123);
});

test('the docs list every ICS feature and every timer, with their defaults', () => {
  const rows = [...text.matchAll(/^\| `([A-Za-z0-9-]+)` \| (.*) \|$/gm)].map((m) => [m[1], m[2]]);
  const features = rows.filter(([name]) => name in KNOWN_FEATURES || /^(format|security|transport|object|bootstrap)-/.test(name));
  assert.deepEqual(Object.fromEntries(features), KNOWN_FEATURES);
  for (const [timer, value] of Object.entries(DEFAULT_TIMERS)) {
    const shown = Array.isArray(value) ? `[${value.join(', ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
    assert.ok(
      rows.some(([name, rest]) => name === timer && rest.startsWith(`${shown} |`)),
      `timer ${timer} = ${shown} not documented`,
    );
  }
});

test('the docs list every launch placeholder', () => {
  const documented = [...text.matchAll(/^ {2}\| `\{(\w+)\}` \|/gm)].map((m) => m[1]);
  assert.deepEqual(documented.sort(), Object.keys(LAUNCH_PLACEHOLDERS).sort());
});
