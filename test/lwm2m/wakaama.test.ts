/**
 * Our codecs against an implementation nobody here wrote: Eclipse Wakaama's example client
 * (LwM2M 1.1), built locally (never committed). LWM2M_WAKAAMA names its UDP lwm2mclient as
 * shipped (TLV, OMA JSON, SenML JSON, text); LWM2M_WAKAAMA_CBOR a build of the same example with
 * WAKAAMA_DATA_SENML_CBOR=ON (its udp CMakeLists turns SenML CBOR off). A missing binary makes its
 * test skipped, not passed. The binaries are built locally by whoever runs the test (never
 * committed, nor how to build them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ContentFormat } from '../../src/lwm2m/content';
import { exercise, startSession } from './interop';

const { TLV, SENML_JSON, SENML_CBOR, OMA_JSON } = ContentFormat;
const BUILDS = [
  {
    name: 'as shipped',
    env: 'LWM2M_WAKAAMA',
    binary: process.env.LWM2M_WAKAAMA ?? '/tmp/wakaama/build-udp/lwm2mclient',
    formats: [TLV, SENML_JSON, OMA_JSON],
  },
  {
    name: 'with SenML CBOR',
    env: 'LWM2M_WAKAAMA_CBOR',
    binary: process.env.LWM2M_WAKAAMA_CBOR ?? '/tmp/wk-cbor/build/lwm2mclient',
    formats: [TLV, SENML_JSON, SENML_CBOR, OMA_JSON],
  },
];

for (const build of BUILDS) {
  const skip = existsSync(build.binary) ? false : `no Wakaama client at ${build.binary} (set ${build.env})`;
  test(`Wakaama (${build.name}): its payloads decode, and it accepts ours`, { skip }, async (t) => {
    const session = await startSession((port) => ({
      command: build.binary,
      args: ['-4', '-h', '127.0.0.1', '-p', String(port), '-n', 'codec-interop', '-l', '0', '-t', '60'],
    }));
    try {
      assert.ok(
        session.registration.objects.some((o) => o.objectId === 3 && o.instances.includes(0)),
        'Device /3/0 registered',
      );
      const result = await exercise(session);
      for (const n of result.notes) t.diagnostic(n);
      for (const f of build.formats) {
        assert.ok(result.read.includes(f), `read and decoded ${f}`);
        assert.ok(result.written.includes(f), `written in ${f}`);
      }
    } finally {
      session.close();
    }
  });
}
