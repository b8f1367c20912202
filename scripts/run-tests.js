#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's built-in test runner (Node 20 has no glob in --test).
// Usage: npm test [-- <substring filter on the file path> ...]   (no filter: type check first)
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
function find(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...find(p));
    else if (e.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}
const filters = process.argv.slice(2);
// The whole run also checks types, formatting, lint and the layer rule (a filtered run skips
// them, to stay quick while working).
if (filters.length === 0) {
  const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
  const checks = [
    ['type check', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', '.']],
    ['format (prettier --check; fix with npm run format)', [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level', 'warn', '.']],
    ['lint (eslint)', [bin('eslint', 'bin/eslint.js'), '.']],
    [
      'layer rule (dependency-cruiser)',
      [bin('dependency-cruiser', 'bin/dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs'],
    ],
  ];
  for (const [name, args] of checks) {
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`${name} failed`);
      process.exit(1);
    }
  }
}
// Two files run at once, each taken from the list as a slot frees. The longest files go first:
// started last (alphabetical order put the fault runs, ~9 of ~27 minutes of work, behind most
// other files), the longest one alone set the end of the whole run.
const LONGEST_FIRST = ['test/e2e/faults.test.ts', 'test/e2e/server.test.ts', 'test/e2e/parallel.test.ts'];
const rank = (f) => (LONGEST_FIRST.includes(f) ? LONGEST_FIRST.indexOf(f) : LONGEST_FIRST.length);
const files = find(path.join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort()
  .sort((a, b) => rank(a) - rank(b));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
