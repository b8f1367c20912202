/** The compiled form (dist/, built by `npm ci`) finds the project's files and is used only while fresh. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const { compiledIsFresh } = require('../../bin/compiled.js') as { compiledIsFresh: (root: string, env: NodeJS.ProcessEnv) => boolean };

test('no module under src/ or steps/ finds project files relative to its own folder (dist/ would break it)', () => {
  const offenders: string[] = [];
  for (const dir of ['src', 'steps'])
    for (const rel of fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
      if (!rel.endsWith('.ts') || rel === path.join('util', 'package-root.ts')) continue;
      const text = fs.readFileSync(path.join(ROOT, dir, rel), 'utf8');
      if (/__dirname/.test(text.replace(/\/\/.*$/gm, ''))) offenders.push(`${dir}/${rel}`);
    }
  assert.deepEqual(offenders, [], 'use PACKAGE_ROOT from src/util/package-root.ts');
});

test('the bin runs the compiled CLI only while dist/ is newer than every source', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-'));
  for (const d of ['src/cli', 'steps', 'dist']) fs.mkdirSync(path.join(root, d), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/cli/main.ts'), '');
  fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
  const at = (file: string, s: number) => fs.utimesSync(path.join(root, file), s, s);
  for (const f of ['src', 'src/cli', 'src/cli/main.ts', 'steps', 'tsconfig.json']) at(f, 1000);
  assert.equal(compiledIsFresh(root, {}), false, 'no build yet');
  fs.writeFileSync(path.join(root, 'dist/.built'), '');
  at('dist/.built', 2000);
  assert.equal(compiledIsFresh(root, {}), true);
  assert.equal(compiledIsFresh(root, { LWM2M_CONFORMANCE_TSX: '1' }), false, 'forced to the sources');
  at('src/cli/main.ts', 3000);
  assert.equal(compiledIsFresh(root, {}), false, 'an edited source');
  at('src/cli/main.ts', 1000);
  fs.writeFileSync(path.join(root, 'steps/new.steps.ts'), '');
  at('steps/new.steps.ts', 1000);
  assert.equal(compiledIsFresh(root, {}), false, 'a new file changes its folder');
});
