/** Bad input never crashes: arbitrary profiles, command lines and feature files give typed errors only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ProfileError, parseDutProfile } from '../../src/conformance/dut-profile';
import { LaunchError, splitCommandLine } from '../../src/conformance/launcher';
import { parseFeature } from '../../src/conformance/catalogue';

const VALID = {
  name: 'Fuzzed client',
  role: 'client',
  lwm2mVersion: '1.1',
  endpoint: 'ep',
  launch: { command: 'client {uri}', cwd: '.', env: { A: 'b' }, stop: { signal: 'SIGINT', timeoutMs: 10 } },
  server: { host: '127.0.0.1', port: 0 },
  security: { mode: 'psk', identity: 'id', key: { hex: '00ff' } },
  timers: { lifetime: 30, shortLifetime: 2, extendedLifetime: [2, 4], responseTimeoutMs: 100 },
  declared: { device: { manufacturer: 'M', serialNumber: '1' }, serverShortId: 1 },
  ics: ['format-tlv'],
};

/** Every path to a value in VALID, in the field notation the problems use. */
function paths(v: unknown, at: string): string[] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, `${at}[${i}]`))];
  if (typeof v === 'object' && v !== null)
    return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, at ? `${at}.${k}` : k))].filter(Boolean);
  return [at];
}

function setAt(root: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  const keys = field.split(/\.|\[(\d+)\]/).filter(Boolean);
  let node = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return copy;
}

const related = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

test('the valid base profile parses', () => {
  assert.equal(parseDutProfile(stringify(VALID), 'fuzz.yaml').name, 'Fuzzed client');
});

test('one field set to any value: the profile parses, or every problem is about that field', () => {
  fc.assert(
    fc.property(fc.constantFrom(...paths(VALID, '')), fc.jsonValue(), (field, value) => {
      try {
        parseDutProfile(stringify(setAt(VALID, field, value)), 'fuzz.yaml');
      } catch (e) {
        assert.ok(e instanceof ProfileError, String(e));
        for (const p of e.problems)
          assert.ok(related(p.field, field), `${field} = ${JSON.stringify(value)} gave a problem at ${p.field}: ${p.message}`);
        assert.ok(e.problems.length > 0);
      }
    }),
    { numRuns: 400 },
  );
});

test('any text as a profile gives a profile or a ProfileError', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.jsonValue().map((v) => stringify(v)),
      ),
      (source) => {
        try {
          parseDutProfile(source, 'fuzz.yaml');
        } catch (e) {
          assert.ok(e instanceof ProfileError, String(e));
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('command lines: quoted words split back into the same words; any text splits or is a LaunchError', () => {
  const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
  fc.assert(
    fc.property(fc.array(fc.string(), { maxLength: 6 }), (words) => {
      assert.deepEqual(splitCommandLine(words.map(quote).join(' ')), words);
    }),
  );
  fc.assert(
    fc.property(fc.string(), (line) => {
      try {
        splitCommandLine(line);
      } catch (e) {
        assert.ok(e instanceof LaunchError, String(e));
      }
    }),
  );
});

test('any text as a feature file gives a case or a list of problems naming the file', () => {
  const pieces = fc.constantFrom(
    '@LightweightM2M-1.1-int-101',
    '@lwm2m-1.0',
    '@dut-client',
    '@registration',
    'Feature: x',
    '  Scenario: y',
    '    Given z',
    '| a |',
    '"""',
    '@',
    '# c',
    'Feature:',
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(pieces).map((l) => l.join('\n')),
      ),
      (source) => {
        const r = parseFeature(source, 'registration/LightweightM2M-1.1-int-101.feature');
        if (Array.isArray(r)) for (const p of r) assert.ok(p.startsWith('registration/LightweightM2M-1.1-int-101.feature'), p);
        else assert.equal(r.number, 'int-101');
      },
    ),
    { numRuns: 300 },
  );
});
