#!/usr/bin/env node
'use strict';
// Loads TypeScript sources directly (tsx), so the tool runs from a checkout with no build step.
require('tsx/cjs');
require('../src/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  });
