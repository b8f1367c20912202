/** The `lwm2m-conformance` command: argument parsing, sub-commands and exit codes. */
// Sub-commands and their modules are loaded on demand: the reference client must start fast,
// without Cucumber, the Gherkin parser or the YAML parser.
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { UsageError, exitCodeForError } from './usage';
import type { EtsEdition } from '../conformance/ets-editions';
import { PACKAGE_ROOT as ROOT } from '../util/package-root';

const USAGE = `Usage: lwm2m-conformance <command> [options]

Commands:
  run               run the OMA ETS test cases against a DUT and write a conformance report
  list              print the test catalogue (with --dut: which cases apply to that DUT)
  report            write report.html and junit.xml again from a results.json
  report merge      one report from the results of a run's shards (run --shard i/n)
  report matrix     a compatibility matrix (HTML, CSV, JSON) of several results.json, one per DUT
  report pdf        print the report of a results.json to PDF (needs Chromium)
  reference-client  start the built-in reference LwM2M client
  reference-server  start the built-in reference LwM2M server and its HTTP API
  reference-bootstrap-server  start the built-in reference LwM2M Bootstrap-Server
  help              this text

Run "lwm2m-conformance <command> --help" for a command's options.`;

async function listCommand(argv: string[]): Promise<number> {
  const { loadCatalogue, formatCatalogue } = require('../conformance/catalogue') as typeof import('../conformance/catalogue');
  const { dutViewOf, etsCatalogue, formatEtsCatalogue } =
    require('../conformance/ets-catalogue') as typeof import('../conformance/ets-catalogue');
  const { ETS_EDITIONS, editionFor } = require('../conformance/ets-editions') as typeof import('../conformance/ets-editions');
  const { loadDutProfile } = require('../conformance/dut-profile') as typeof import('../conformance/dut-profile');
  const { values } = parseArgs({
    args: argv,
    options: {
      dut: { type: 'string' },
      edition: { type: 'string' },
      features: { type: 'string', default: path.join(ROOT, 'features') },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(`Usage: lwm2m-conformance list [--dut PROFILE.yaml] [--edition ${ETS_EDITIONS.join('|')}]

Prints every test case ID of an ETS edition (default: the one that fits the DUT's LwM2M version,
else ${ETS_EDITIONS[ETS_EDITIONS.length - 1]}) with its status, then the automated cases (with --dut: which apply, and why not).`);
    return 0;
  }
  if (values.edition !== undefined && !(ETS_EDITIONS as readonly string[]).includes(values.edition))
    throw new UsageError(`--edition: expected one of ${ETS_EDITIONS.join(', ')}, found "${values.edition}"`);
  const profile = values.dut ? loadDutProfile(path.resolve(values.dut)) : undefined;
  const features = loadCatalogue(values.features!);
  const edition = (values.edition as EtsEdition | undefined) ?? (profile ? editionFor(profile.lwm2mVersion) : '1.2');
  const dutLine = profile && `for "${profile.name}", an LwM2M ${profile.lwm2mVersion} ${profile.role}`;
  console.log(formatEtsCatalogue(etsCatalogue(edition, features, profile && dutViewOf(profile)), dutLine));
  console.log('Automated cases (feature files):\n');
  console.log(formatCatalogue(features, profile));
  return 0;
}

function reportCommand(argv: string[]): number {
  if (argv[0] === 'merge') return (require('./merge') as typeof import('./merge')).mergeCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals.length !== 1) {
    console.log('Usage: lwm2m-conformance report RESULTS.json [--out DIR]   (default DIR: the folder of RESULTS.json)');
    return values.help ? 0 : 2;
  }
  const { parseResultsJson, writeReportsSync } = require('../report') as typeof import('../report');
  const file = path.resolve(positionals[0]);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let run;
  try {
    run = parseResultsJson(text);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const out = writeReportsSync(run, path.resolve(values.out ?? path.dirname(file)));
  console.log(`Report: ${out.html}`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await (require('./run') as typeof import('./run')).runCommand(rest);
      case 'list':
        return await listCommand(rest);
      case 'report':
        if (rest[0] === 'matrix' || rest[0] === 'pdf')
          return await (require('./report-commands') as typeof import('./report-commands')).reportSubcommand(rest[0], rest.slice(1));
        return reportCommand(rest);
      case 'reference-client':
        return await (require('./reference-client') as typeof import('./reference-client')).referenceClientCommand(rest);
      case 'reference-server':
        return await (require('./reference-server') as typeof import('./reference-server')).referenceServerCommand(rest);
      case 'reference-bootstrap-server':
        return await (
          require('./reference-bootstrap-server') as typeof import('./reference-bootstrap-server')
        ).referenceBootstrapServerCommand(rest);
      case '--version':
        console.log((require(path.join(ROOT, 'package.json')) as { version: string }).version);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    return exitCodeForError(e);
  }
}
