import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDdfFile, parseDdf, parseRange } from '../../src/lwm2m/ddf';
import { ObjectRegistry } from '../../src/lwm2m/model';
import { DecodeError } from '../../src/lwm2m/errors';

test('bundled registry holds the core and test objects', () => {
  const r = ObjectRegistry.bundled();
  assert.deepEqual(r.objectIds(), [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 13, 16, 19, 20, 3441, 3442]);
  const server = r.get(1)!;
  assert.equal(server.version, '1.1');
  assert.equal(server.resources.size, 24);
  assert.deepEqual([...server.resources.keys()], [...Array(24).keys()]);
  assert.equal(server.resources.get(4)!.operations, 'E');
  assert.equal(server.resources.get(4)!.type, 'none');
  assert.equal(server.resources.get(23)!.name, 'Mute Send');
  assert.equal(server.resources.get(12)!.type, 'time');
  const dev = r.get(3)!;
  assert.equal(dev.multiple, false);
  assert.equal(dev.resources.get(11)!.multiple, true);
  assert.deepEqual(dev.resources.get(9)!.range, [{ min: 0, max: 100 }]);
  assert.equal(r.resource(3442, 1125)!.type, 'unsignedInteger');
  assert.equal(r.resource(3442, 180)!.type, 'corelnk');
  assert.equal(r.resource(3441, 170)!.type, 'objlnk');
  assert.equal(r.resource(0, 8)!.rangeText, '16,32,48');
});

const minimal = (item: string, objExtra = '') => `<?xml version="1.0"?>
<LWM2M><Object ObjectType="MODefinition"><Name>X</Name><ObjectID>40000</ObjectID>${objExtra}
<MultipleInstances>Multiple</MultipleInstances><Mandatory>Optional</Mandatory>
<Resources>${item}</Resources></Object></LWM2M>`;
const item = (fields: Partial<Record<'ID' | 'Name' | 'Operations' | 'MultipleInstances' | 'Mandatory' | 'Type', string>>) => {
  const f = { ID: '0', Name: 'R', Operations: 'RW', MultipleInstances: 'Single', Mandatory: 'Optional', Type: 'Integer', ...fields };
  return `<Item ID="${f.ID}"><Name>${f.Name}</Name><Operations>${f.Operations}</Operations><MultipleInstances>${f.MultipleInstances}</MultipleInstances><Mandatory>${f.Mandatory}</Mandatory><Type>${f.Type}</Type></Item>`;
};

test('user objects load, versions coexist and the newest is the default', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddf-'));
  fs.writeFileSync(path.join(dir, 'a.xml'), minimal(item({ Type: 'Unsigned Integer' }), '<ObjectVersion>1.0</ObjectVersion>'));
  fs.writeFileSync(path.join(dir, 'b.xml'), minimal(item({ Type: 'Float' }), '<ObjectVersion>1.2</ObjectVersion>'));
  const r = new ObjectRegistry();
  assert.equal(r.loadDirectory(dir).length, 2);
  assert.deepEqual(r.versions(40000), ['1.0', '1.2']);
  assert.equal(r.resource(40000, 0)!.type, 'float');
  assert.equal(r.resource(40000, 0, '1.0')!.type, 'unsignedInteger');
  fs.rmSync(dir, { recursive: true });
});

const broken: Array<[string, string, RegExp]> = [
  ['not XML', '<LWM2M><Object></LWM2M>', /f\.xml line 1 .*well-formed XML/],
  ['no root', '<Other/>', /root element <LWM2M>/],
  ['bad type', minimal(item({ Type: 'Number' })), /Object 40000 \/ Item 0 \/ Type: expected String, Integer/],
  ['bad operations', minimal(item({ Operations: 'RWX' })), /Item 0 \/ Operations/],
  ['bad ID', minimal(item({ ID: '07' })), /Item @ID/],
  ['duplicate ID', minimal(item({}) + item({})), /each resource ID once/],
  ['missing Mandatory', minimal(item({ Mandatory: '' })), /Item 0 \/ Mandatory: expected Mandatory or Optional/],
  ['typed executable', minimal(item({ Operations: 'E', Type: 'Integer' })), /empty Type for an executable/],
  ['bad version', minimal(item({}), '<ObjectVersion>v1</ObjectVersion>'), /ObjectVersion/],
];
for (const [name, xml, why] of broken) {
  test(`malformed DDF: ${name}`, () => {
    assert.throws(
      () => parseDdf(xml, 'f.xml'),
      (e: unknown) => e instanceof DecodeError && /f\.xml/.test(e.message) && why.test(e.message),
    );
  });
}

test('ranges', () => {
  assert.deepEqual(parseRange('0..255'), [{ min: 0, max: 255 }]);
  assert.deepEqual(parseRange('16,32,48'), [
    { min: 16, max: 16 },
    { min: 32, max: 32 },
    { min: 48, max: 48 },
  ]);
  assert.deepEqual(parseRange('-90.0..90.0'), [{ min: -90, max: 90 }]);
  assert.equal(parseRange('see the spec'), undefined);
});

// Every DDF of the OMA registry (a checkout named by LWM2M_REGISTRY_DIR, never committed) loads,
// except files with a real defect, which are refused with a diagnosis naming the element.
const REGISTRY_DIR = process.env.LWM2M_REGISTRY_DIR;
const DEFECTIVE: Record<string, RegExp> = {
  // Resource 5 "Read data" is readable (R) but has no Type.
  '10482.xml': /Object 10482 \/ Item 5 \/ Type: expected a Type for a non-executable resource/,
  '10482-1_0.xml': /Object 10482 \/ Item 5 \/ Type/,
};
test(
  'the OMA registry loads',
  { skip: REGISTRY_DIR && fs.existsSync(REGISTRY_DIR) ? false : 'set LWM2M_REGISTRY_DIR to a lwm2m-registry checkout' },
  () => {
    let loaded = 0;
    for (const dir of [REGISTRY_DIR!, path.join(REGISTRY_DIR!, 'version_history')]) {
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).filter((n) => /^[0-9].*\.xml$/.test(n))) {
        const file = path.join(dir, f);
        if (DEFECTIVE[f]) {
          assert.throws(
            () => loadDdfFile(file),
            (e: unknown) => e instanceof DecodeError && DEFECTIVE[f].test(e.message),
            f,
          );
          continue;
        }
        assert.ok(loadDdfFile(file).length >= 1, f);
        loaded++;
      }
    }
    assert.ok(loaded > 300, `${loaded} files loaded`);
  },
);
