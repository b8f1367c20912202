// Bounded fuzzing: random and mutated payloads into every decoder. The only acceptable failure
// is a DecodeError that names what was expected; anything else (or a slow call) fails the test.
// FUZZ_MS sets the time per decoder (default 400 ms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeContent, decodePathList, encodeContent, ContentFormat } from '../../src/lwm2m/content';
import { parseLinkFormatBytes, objectsFromRegistration } from '../../src/lwm2m/link-format';
import { LwM2MPath } from '../../src/lwm2m/path';
import { DecodeError } from '../../src/lwm2m/errors';
import { registry, instanceOf } from './arbitraries';

const BUDGET_MS = Number(process.env.FUZZ_MS ?? 400);
const SLOW_MS = 250;

/** Seeds: valid encodings (so mutations land near valid structure) plus arbitrary bytes. */
function payloads(format: number): fc.Arbitrary<{ path: LwM2MPath; bytes: Buffer }> {
  const valid = instanceOf(3442, 0).map((records) => {
    const path = LwM2MPath.parse('/3442/0');
    const first = records[0];
    if (format === ContentFormat.TEXT || format === ContentFormat.CBOR || format === ContentFormat.OPAQUE) {
      const one = records.find((r) => r.path.depth === 3 && (format !== ContentFormat.OPAQUE || r.type === 'opaque')) ?? first;
      if (!one || (format === ContentFormat.OPAQUE && one.type !== 'opaque'))
        return { path: LwM2MPath.parse('/3442/0/150'), bytes: Buffer.from([1, 2]) };
      return { path: one.path, bytes: encodeContent(format, one.path, [one], registry) };
    }
    return { path, bytes: encodeContent(format, path, records, registry) };
  });
  const mutated = fc
    .tuple(
      valid,
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert', 'delete')), {
        minLength: 1,
        maxLength: 4,
      }),
    )
    .map(([{ path, bytes }, muts]) => {
      let b = Buffer.from(bytes);
      for (const [at, byte, op] of muts) {
        const i = b.length ? at % b.length : 0;
        if (op === 'flip' && b.length) b[i] ^= 1 << (byte % 8);
        else if (op === 'cut') b = b.subarray(0, i);
        else if (op === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
        else if (op === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
      }
      return { path, bytes: b };
    });
  const paths = fc.constantFrom(
    ...['/', '/3442', '/3442/0', '/3442/0/110', '/3442/0/1110', '/3442/0/1110/0', '/9999/1/2'].map(LwM2MPath.parse),
  );
  const random = fc.tuple(paths, fc.uint8Array({ maxLength: 64 })).map(([path, a]) => ({ path, bytes: Buffer.from(a) }));
  return fc.oneof(mutated, random, valid);
}

function judged(run: () => unknown): void {
  const timed = () => {
    const t0 = performance.now();
    try {
      run();
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      assert.doesNotMatch(e.message, /internal decoder error/);
      assert.ok(e.expected.length > 0 && e.actual !== undefined);
    }
    return performance.now() - t0;
  };
  // An input that makes the decoder blow up is slow every time; a garbage collection or a loaded
  // machine is slow once: only a second slow decode of the same input counts.
  const took = timed() < SLOW_MS ? 0 : timed();
  assert.ok(took < SLOW_MS, `a single decode took ${took.toFixed(0)} ms, twice`);
}

const FORMATS = [
  ContentFormat.TEXT,
  ContentFormat.OPAQUE,
  ContentFormat.CBOR,
  ContentFormat.SENML_JSON,
  ContentFormat.SENML_CBOR,
  ContentFormat.TLV,
  ContentFormat.OMA_JSON,
  ContentFormat.LWM2M_CBOR,
];

/**
 * Runs a property for a time budget. A counterexample fails; running out of time does not, even
 * before the first run on a machine too busy to start one (fast-check calls that a failure).
 */
function assertWithin<T>(property: fc.IProperty<T>, budgetMs: number): void {
  const details = fc.check(property, { numRuns: 1_000_000, interruptAfterTimeLimit: budgetMs, markInterruptAsFailure: false });
  if (details.counterexample !== null)
    fc.assert(property, { seed: details.seed, path: details.counterexamplePath ?? undefined, numRuns: 1 });
}

for (const format of FORMATS) {
  test(`fuzz format ${format}: only DecodeError, never slow`, () => {
    for (const withModel of [true, false]) {
      assertWithin(
        fc.property(payloads(format), ({ path, bytes }) =>
          judged(() => decodeContent(format, path, bytes, withModel ? registry : undefined)),
        ),
        BUDGET_MS / 2,
      );
    }
  });
}

test('fuzz path lists and link format bytes', () => {
  assertWithin(
    fc.property(fc.uint8Array({ maxLength: 48 }), fc.constantFrom(ContentFormat.SENML_JSON, ContentFormat.SENML_CBOR), (a, f) => {
      judged(() => decodePathList(f, Buffer.from(a)));
      judged(() => objectsFromRegistration(parseLinkFormatBytes(Buffer.from(a))));
    }),
    BUDGET_MS,
  );
});
