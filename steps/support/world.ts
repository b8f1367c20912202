/**
 * The Cucumber World of one test case: the DUT profile, the trace, and a ClientSession.
 * Hooks start a fresh Test Server per case, and attach the diagnosis and the message trace
 * so the reporter can show the evidence behind every verdict.
 */
import { After, Before, setDefaultTimeout, setDefinitionFunctionWrapper, setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import { Trace } from '../../src/trace/trace';
import { loadDutProfile, type DutProfile } from '../../src/conformance/dut-profile';
import { ClientSession } from '../../src/conformance/client-session';
import { isJudgedFailure } from '../../src/conformance/failures';

import { CASE_ATTACHMENT } from '../../src/conformance/results';

export interface WorldParameters {
  profileFile: string;
}

const profiles = new Map<string, DutProfile>();
function profileFor(file: string): DutProfile {
  let p = profiles.get(file);
  if (!p) profiles.set(file, (p = loadDutProfile(file)));
  return p;
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
    this.profile = profileFor(options.parameters.profileFile);
    this.client = new ClientSession(this.profile, this.trace, (line) => this.log(line));
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
    this.attach(JSON.stringify({ diagnosis, trace: this.trace.entries }), CASE_ATTACHMENT);
  }
});
