/**
 * The layer rule: a module may import only from its own layer or the layers below it
 * (top to bottom: cli, report, conformance, peers, lwm2m, coap, transport, then trace and util),
 * and only the cli runs Cucumber. Checked by `npm test` (scripts/run-tests.js).
 */
const LAYERS = ['cli', 'report', 'conformance', 'peers', 'lwm2m', 'coap', 'transport', 'trace', 'util'];

const upward = LAYERS.slice(1).map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `src/${layer} must not import from a layer above it (${LAYERS.slice(0, i + 1).join(', ')})`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(0, i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'engine-without-cucumber-runner',
      comment: 'the engine is a library: only src/cli may load the Cucumber runner',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '@cucumber/cucumber' },
    },
    {
      name: 'engine-not-from-steps',
      comment: 'src/ never imports step definitions or tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(steps|test|features)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
