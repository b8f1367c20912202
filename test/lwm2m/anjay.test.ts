/**
 * Our codecs against AVSystem Anjay's demo client (LwM2M 1.2, with LwM2M CBOR), built locally
 * by whoever runs it (never committed, nor how to build it). LWM2M_ANJAY_DEMO names the binary;
 * without it the test is skipped, not passed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ContentFormat } from '../../src/lwm2m/content';
import { exercise, exerciseComposite, startSession } from './interop';

const BINARY = process.env.LWM2M_ANJAY_DEMO ?? '/tmp/anjay-build/build/output/bin/demo';
const skip = existsSync(BINARY) ? false : `no Anjay demo at ${BINARY} (set LWM2M_ANJAY_DEMO)`;
const { TLV, SENML_JSON, SENML_CBOR, LWM2M_CBOR } = ContentFormat;

test('Anjay demo (LwM2M 1.2): its payloads decode, and it accepts ours', { skip }, async (t) => {
  const session = await startSession((port) => ({
    command: BINARY,
    args: [
      '--endpoint-name',
      'codec-interop',
      '--server-uri',
      `coap://127.0.0.1:${port}`,
      '--security-mode',
      'nosec',
      '--lifetime',
      '60',
      '--maximum-version',
      '1.2',
    ],
  }));
  try {
    t.diagnostic(
      `registered objects: ${session.registration.objects.map((o) => `${o.objectId}${o.version ? '@' + o.version : ''}[${o.instances.join(',')}]`).join(' ')}`,
    );
    const result = await exercise(session);
    for (const n of result.notes) t.diagnostic(n);
    for (const f of [TLV, SENML_JSON, SENML_CBOR, LWM2M_CBOR]) {
      assert.ok(result.read.includes(f), `read and decoded ${f}`);
      assert.ok(result.written.includes(f), `written in ${f}`);
    }
    for (const f of [SENML_JSON, SENML_CBOR]) t.diagnostic(`composite ${await exerciseComposite(session, f)}`);
    // LwM2M 1.2: a composite answer in LwM2M CBOR (the request's path list stays SenML CBOR).
    t.diagnostic(`composite ${await exerciseComposite(session, SENML_CBOR, LWM2M_CBOR)}`);
  } finally {
    session.close();
  }
});
