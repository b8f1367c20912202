/**
 * The Cucumber World of one test case: the DUT profile, the trace, the DUT session its tags ask
 * for (a client-DUT session for @dut-client, a server-DUT session for @dut-server) and the
 * typed state the steps of one case hand on. Hooks start the session's peers per case and
 * attach the diagnosis and the message trace, so the report shows the evidence of every verdict.
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
import { loadDutProfile, withTiming, type DutProfile, type TimingMode } from '../../src/conformance/dut-profile';
import { ClientDutSession } from '../../src/conformance/client-dut/session';
import { ObjectRegistry } from '../../src/lwm2m/model';
import { isJudgedFailure } from '../../src/conformance/failures';
import { Criterion, ProcedureStep } from '../../src/conformance/procedure';
import { roleOfTags, type DutRole, type DutSession } from '../../src/conformance/session';
import { CASE_ATTACHMENT } from '../../src/conformance/results';
import { CaseState } from './case-state';
import './parameters';

export interface WorldParameters {
  profileFile: string;
  /** The run command checked the profile against the JSON Schema already: the workers skip it (~0.3 s each). */
  profileChecked?: boolean;
  /** A folder of the user's own DDF object definitions (--objects). */
  objectsDir?: string;
  /** `run --timing`: the profile's timers (fast) or the ETS's values. */
  timing?: TimingMode;
}

// Loaded once per run (per worker process), shared by every case.
let profile: DutProfile | undefined;
let registry: ObjectRegistry | undefined;
function setupFor(params: WorldParameters): { profile: DutProfile; registry: ObjectRegistry } {
  profile ??= withTiming(loadDutProfile(params.profileFile, { schema: !params.profileChecked }), params.timing);
  if (!registry) {
    registry = ObjectRegistry.bundled();
    if (params.objectsDir) registry.loadDirectory(params.objectsDir);
  }
  return { profile, registry };
}

export interface SessionContext {
  profile: DutProfile;
  trace: Trace;
  registry: ObjectRegistry;
  /** Messages for the person at the bench, at once. */
  operator: (line: string) => void;
}

/** How each role's session is made; the server-DUT session registers itself here. */
export const SESSION_FACTORIES: Partial<Record<DutRole, (ctx: SessionContext) => DutSession>> = {
  client: (ctx) => new ClientDutSession(ctx.profile, ctx.trace, ctx.operator, ctx.registry),
};

export class ConformanceWorld extends World<WorldParameters> {
  readonly trace = new Trace();
  readonly profile: DutProfile;
  readonly registry: ObjectRegistry;
  /** What the steps of this case hand on to later steps. */
  readonly state = new CaseState();
  private dutSession?: DutSession;
  /** The first error a step threw: it decides the diagnosis (Cucumber keeps only the last step's). */
  firstError?: unknown;

  constructor(options: IWorldOptions<WorldParameters>) {
    super(options);
    const setup = setupFor(options.parameters);
    this.profile = setup.profile;
    this.registry = setup.registry;
  }

  /** Makes the session the case's DUT role needs (Before hook). */
  openSession(role: DutRole): DutSession {
    const make = SESSION_FACTORIES[role];
    if (!make) throw new Error(`this harness has no session for a ${role} DUT yet`);
    const operator = (line: string) => process.stderr.write(`lwm2m-conformance: ${line}\n`);
    return (this.dutSession = make({ profile: this.profile, trace: this.trace, registry: this.registry, operator }));
  }

  get hasSession(): boolean {
    return this.dutSession !== undefined;
  }

  get session(): DutSession {
    if (!this.dutSession) throw new Error('no DUT session: the Before hook did not run');
    return this.dutSession;
  }

  async closeSession(): Promise<void> {
    await this.dutSession?.close();
  }

  /** The session of a @dut-client case: the harness plays the Test Server. */
  get clientDut(): ClientDutSession {
    const s = this.session;
    if (!(s instanceof ClientDutSession)) throw new Error(`a client-DUT step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
    return s;
  }
}

setWorldConstructor(ConformanceWorld);

// Remember the first failure of a case, and tell the session which procedure step runs (a
// `{step}` argument), so a failure inside it names that step. The wrapper keeps the arity
// Cucumber checks.
setDefinitionFunctionWrapper((fn: (...args: unknown[]) => unknown) => {
  const wrapped = async function (this: ConformanceWorld, ...args: unknown[]) {
    // A step with neither a procedure number nor a criterion letter is a precondition.
    const step = args.find((a): a is ProcedureStep => a instanceof ProcedureStep);
    const judging = args.some((a) => a instanceof Criterion);
    if (this instanceof ConformanceWorld && this.hasSession) {
      if (step) this.session.currentStep = step.label;
      else if (!judging) this.session.currentStep = 'precondition';
    }
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

Before(async function (this: ConformanceWorld, { pickle }) {
  await this.openSession(roleOfTags(pickle.tags.map((t) => t.name))).start();
});

After(async function (this: ConformanceWorld) {
  const error = this.firstError;
  try {
    await this.closeSession();
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
