#!/usr/bin/env node
'use strict';
// Runs the compiled CLI from dist/ while it is fresh (see compiled.js), else the TypeScript sources.
const path = require('node:path');
const { compiledIsFresh } = require('./compiled');

let main;
if (compiledIsFresh(path.join(__dirname, '..'))) {
  main = require('../dist/src/cli/main.js').main;
} else {
  require('tsx/cjs');
  main = require('../src/cli/main.ts').main;
}
main(process.argv.slice(2)).then((code) => {
  if (typeof code === 'number') process.exitCode = code;
});
