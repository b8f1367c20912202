/**
 * The Cucumber World of one test case: the DUT profile, the trace, and a ClientSession.
 * Hooks start a fresh Test Server per case, and attach the diagnosis and the message trace
 * so the reporter can show the evidence behind every verdict.
 */
import {
  After,
  Before,
  setDefaultTimeout,
  setDefinitionFunctionWrapper,
  setWorldConstructor,
  World,
  type IWorldOptions,
} from '@cucumber/cucumber';
import { Trace } from '../../src/trace/trace';
import { loadDutProfile, type DutProfile } from '../../src/conformance/dut-profile';
import { ClientSession } from '../../src/conformance/client-session';
import { ObjectRegistry } from '../../src/lwm2m/model';
import { isJudgedFailure } from '../../src/conformance/failures';

import { CASE_ATTACHMENT } from '../../src/conformance/results';

export interface WorldParameters {
  profileFile: string;
  /** A folder of the user's own DDF object definitions (--objects). */
  objectsDir?: string;
}

// Loaded once per run, shared by every case.
let profile: DutProfile | undefined;
let registry: ObjectRegistry | undefined;
function setupFor(params: WorldParameters): { profile: DutProfile; registry: ObjectRegistry } {
  profile ??= loadDutProfile(params.profileFile);
  if (!registry) {
    registry = ObjectRegistry.bundled();
    if (params.objectsDir) registry.loadDirectory(params.objectsDir);
  }
  return { profile, registry };
}

export class ConformanceWorld extends World<WorldParameters> {
  readonly trace = new Trace();
  readonly profile: DutProfile;
  readonly client: ClientSession;
  /** The first error a step threw: it decides the diagnosis (Cucumber keeps only the last step's). */
  firstError?: unknown;
  /** Values remembered between steps of one case (e.g. an event cursor, a response). */
  readonly memory = new Map<string, unknown>();

  constructor(options: IWorldOptions<WorldParameters>) {
    super(options);
    const setup = setupFor(options.parameters);
    this.profile = setup.profile;
    // Messages for the person at the bench (e.g. "switch the device on now") go to stderr at once.
    const operator = (line: string) => process.stderr.write(`lwm2m-conformance: ${line}\n`);
    this.client = new ClientSession(this.profile, this.trace, operator, setup.registry);
  }

  remember<T>(key: string, value: T): T {
    this.memory.set(key, value);
    return value;
  }

  recall<T>(key: string): T {
    if (!this.memory.has(key)) throw new Error(`step order: "${key}" was not set by an earlier step`);
    return this.memory.get(key) as T;
  }
}

setWorldConstructor(ConformanceWorld);

// Remember the first failure of a case; the wrapper keeps the arity Cucumber checks.
setDefinitionFunctionWrapper((fn: (...args: unknown[]) => unknown) => {
  const wrapped = async function (this: ConformanceWorld, ...args: unknown[]) {
    try {
      return await fn.apply(this, args);
    } catch (e) {
      if (this instanceof ConformanceWorld) this.firstError ??= e;
      throw e;
    }
  };
  Object.defineProperty(wrapped, 'length', { value: fn.length });
  return wrapped;
});
// Every wait inside a step has its own deadline; this only catches a harness that hangs.
setDefaultTimeout(10 * 60 * 1000);

Before(async function (this: ConformanceWorld) {
  await this.client.startTestServer();
  this.trace.note('harness', `Test Server listening on ${this.client.server.uri}`);
});

After(async function (this: ConformanceWorld) {
  const error = this.firstError;
  try {
    await this.client.close();
  } finally {
    const diagnosis = isJudgedFailure(error)
      ? { criterion: error.criterion, expected: error.expected, actual: error.actual, message: error.message }
      : error
        ? { message: String((error as Error)?.message ?? error) }
        : undefined;
    // Trace details may hold bigints (decoded integers); JSON has no bigint.
    this.attach(
      JSON.stringify({ diagnosis, trace: this.trace.entries }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      CASE_ATTACHMENT,
    );
  }
});
