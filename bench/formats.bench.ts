/**
 * Encode and decode throughput of one 50-resource object instance in every instance format
 * (TLV, SenML JSON, SenML CBOR, OMA JSON, LwM2M CBOR), and of a single value in the
 * single-value formats. Decoding uses the object model (as the Test Server does).
 * Run: npx tsx bench/formats.bench.ts [--ms 1000]
 */
import { performance } from 'node:perf_hooks';
import { ContentFormat, contentFormatName, decodeContent, encodeContent, type ResourceRecord } from '../src/lwm2m/content';
import { ObjectRegistry, type ResourceDefinition, type ResourceType } from '../src/lwm2m/model';
import { LwM2MPath } from '../src/lwm2m/path';

const argAfter = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i < 0 ? undefined : process.argv[i + 1];
};
const MS = Number(argAfter('--ms') ?? 1000);

const TYPES: ResourceType[] = ['string', 'integer', 'unsignedInteger', 'float', 'boolean', 'opaque', 'time', 'objlnk', 'corelnk'];
const OBJECT_ID = 40000;

function sampleValue(type: ResourceType, i: number): ResourceRecord['value'] {
  switch (type) {
    case 'string':
      return `value number ${i}`;
    case 'integer':
      return BigInt(-1000 * i);
    case 'unsignedInteger':
      return 2n ** 40n + BigInt(i);
    case 'float':
      return i * 1.25 + 0.1;
    case 'boolean':
      return i % 2 === 0;
    case 'opaque':
      return Buffer.alloc(16, i);
    case 'time':
      return 1_700_000_000n + BigInt(i);
    case 'objlnk':
      return { objectId: 3, instanceId: i };
    case 'corelnk':
      return `</${OBJECT_ID}/0/${i}>`;
    default:
      throw new Error(type);
  }
}

// 50 resources: 40 single-instance, 10 multiple-instance with 3 instances each.
const resources = new Map<number, ResourceDefinition>();
const records: ResourceRecord[] = [];
for (let id = 0; id < 50; id++) {
  const type = TYPES[id % TYPES.length];
  const multiple = id >= 40;
  resources.set(id, { id, name: `R${id}`, operations: 'RW', multiple, mandatory: false, type });
  const base = LwM2MPath.of(OBJECT_ID, 0, id);
  if (multiple) for (let ri = 0; ri < 3; ri++) records.push({ path: base.child(ri), type, value: sampleValue(type, id * 10 + ri) });
  else records.push({ path: base, type, value: sampleValue(type, id) });
}
const registry = new ObjectRegistry().add({
  id: OBJECT_ID,
  name: 'Bench',
  version: '1.0',
  lwm2mVersion: '1.1',
  multiple: true,
  mandatory: false,
  resources,
});
const instance = LwM2MPath.of(OBJECT_ID, 0);

function opsPerSecond(run: () => unknown): number {
  for (let i = 0; i < 200; i++) run(); // warm-up
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < MS) {
    for (let i = 0; i < 50; i++) run();
    n += 50;
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(9);
console.log(`Node ${process.version}; ${MS} ms per figure; instance of 50 resources (${records.length} values)\n`);
console.log('format                                   bytes   encode ops/s   decode ops/s');
for (const f of [ContentFormat.TLV, ContentFormat.SENML_JSON, ContentFormat.SENML_CBOR, ContentFormat.OMA_JSON, ContentFormat.LWM2M_CBOR]) {
  const bytes = encodeContent(f, instance, records, registry);
  const enc = opsPerSecond(() => encodeContent(f, instance, records, registry));
  const dec = opsPerSecond(() => decodeContent(f, instance, bytes, registry));
  console.log(`${`${f} ${contentFormatName(f)}`.padEnd(40)} ${String(bytes.length).padStart(5)}   ${fmt(enc)}      ${fmt(dec)}`);
}

console.log('\nsingle value (/40000/0/1, integer)');
const one = records[1];
for (const f of [ContentFormat.TEXT, ContentFormat.CBOR, ContentFormat.TLV, ContentFormat.SENML_CBOR]) {
  const bytes = encodeContent(f, one.path, [one], registry);
  const enc = opsPerSecond(() => encodeContent(f, one.path, [one], registry));
  const dec = opsPerSecond(() => decodeContent(f, one.path, bytes, registry));
  console.log(`${`${f} ${contentFormatName(f)}`.padEnd(40)} ${String(bytes.length).padStart(5)}   ${fmt(enc)}      ${fmt(dec)}`);
}
