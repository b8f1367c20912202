/** The `lwm2m-conformance` command: argument parsing, sub-commands and exit codes. */
// Sub-commands are loaded on demand: the reference client must start fast, without Cucumber.
import { CatalogueError, loadCatalogue, formatCatalogue } from '../conformance/catalogue';
import { ProfileError, loadDutProfile } from '../conformance/dut-profile';
import { LaunchError } from '../conformance/launcher';
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { UsageError } from './usage';

const ROOT = path.resolve(__dirname, '..', '..');

const USAGE = `Usage: lwm2m-conformance <command> [options]

Commands:
  run               run the OMA ETS test cases against a DUT and write a conformance report
  list              print the test catalogue (with --dut: which cases apply to that DUT)
  report            write report.html and junit.xml again from a results.json
  reference-client  start the built-in reference LwM2M client
  help              this text

Run "lwm2m-conformance <command> --help" for a command's options.`;

async function listCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { dut: { type: 'string' }, features: { type: 'string', default: path.join(ROOT, 'features') }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log('Usage: lwm2m-conformance list [--dut PROFILE.yaml]');
    return 0;
  }
  const profile = values.dut ? loadDutProfile(path.resolve(values.dut)) : undefined;
  console.log(formatCatalogue(loadCatalogue(values.features!), profile));
  return 0;
}

function reportCommand(argv: string[]): number {
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
        return reportCommand(rest);
      case 'reference-client':
        return await (require('./reference-client') as typeof import('./reference-client')).referenceClientCommand(rest);
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
    if (e instanceof UsageError || e instanceof ProfileError || e instanceof CatalogueError || e instanceof LaunchError || isArgError(e)) {
      console.error(`lwm2m-conformance: ${(e as Error).message}`);
      if (e instanceof UsageError || isArgError(e)) console.error('Run "lwm2m-conformance help" for usage.');
      return 2;
    }
    throw e;
  }
}

function isArgError(e: unknown): boolean {
  return typeof (e as { code?: string })?.code === 'string' && (e as { code: string }).code.startsWith('ERR_PARSE_ARGS');
}
