/**
 * Turns Cucumber's message stream into test case results: steps with their status, the
 * verdict, the diagnosis and the trace attached by the World. Works on a partial stream too,
 * so an interrupted run still yields results (unfinished cases marked). Messages of cases that
 * run at once (run --workers) arrive interleaved: everything is keyed by the case's start id.
 */
import type * as messages from '@cucumber/messages';
import { CASE_ATTACHMENT, type CaseResult, type Diagnosis, type StepResult, type StepStatus } from '../conformance/results';
import type { TraceEntry } from '../trace/trace';
import { verdictOf, type StepOutcome } from '../conformance/verdict';

export interface CaseIdentity {
  id: string;
  title: string;
  interface: string;
  tags: string[];
}

interface Started {
  testCaseId: string;
  startedAt: number;
  finishedAt?: number;
  steps: Map<string, messages.TestStepResult>;
  attachment?: { diagnosis?: Diagnosis; trace?: TraceEntry[] };
}

const toMs = (d: messages.Duration) => d.seconds * 1000 + d.nanos / 1e6;
const tsMs = (t: messages.Timestamp) => t.seconds * 1000 + t.nanos / 1e6;

export class CaseCollector {
  private readonly keywords = new Map<string, string>(); // AST step id -> keyword
  private readonly pickles = new Map<string, messages.Pickle>();
  private readonly testCases = new Map<string, messages.TestCase>();
  private readonly started = new Map<string, Started>();
  private readonly order: string[] = [];

  constructor(
    private readonly identify: (featureUri: string) => CaseIdentity | undefined,
    private readonly onCaseFinished?: (c: CaseResult, startedId: string) => void,
    private readonly onCaseStarted?: (startedId: string, c: CaseIdentity) => void,
  ) {}

  add(envelope: messages.Envelope): void {
    if (envelope.gherkinDocument?.feature) {
      for (const child of envelope.gherkinDocument.feature.children) {
        for (const step of child.scenario?.steps ?? child.background?.steps ?? []) this.keywords.set(step.id, step.keyword);
      }
    }
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) this.testCases.set(envelope.testCase.id, envelope.testCase);
    if (envelope.testCaseStarted) {
      this.started.set(envelope.testCaseStarted.id, {
        testCaseId: envelope.testCaseStarted.testCaseId,
        startedAt: tsMs(envelope.testCaseStarted.timestamp),
        steps: new Map(),
      });
      this.order.push(envelope.testCaseStarted.id);
      const identity = this.identityOf(envelope.testCaseStarted.id);
      if (identity) this.onCaseStarted?.(envelope.testCaseStarted.id, identity);
    }
    if (envelope.testStepFinished) {
      const s = this.started.get(envelope.testStepFinished.testCaseStartedId);
      s?.steps.set(envelope.testStepFinished.testStepId, envelope.testStepFinished.testStepResult);
    }
    if (envelope.attachment?.mediaType === CASE_ATTACHMENT && envelope.attachment.testCaseStartedId) {
      const s = this.started.get(envelope.attachment.testCaseStartedId);
      if (s) {
        try {
          s.attachment = JSON.parse(envelope.attachment.body);
        } catch {
          // A broken attachment leaves the case without evidence; its verdict still stands.
        }
      }
    }
    if (envelope.testCaseFinished) {
      const s = this.started.get(envelope.testCaseFinished.testCaseStartedId);
      if (s) {
        s.finishedAt = tsMs(envelope.testCaseFinished.timestamp);
        const result = this.result(envelope.testCaseFinished.testCaseStartedId);
        if (result) this.onCaseFinished?.(result, envelope.testCaseFinished.testCaseStartedId);
      }
    }
  }

  /** Results of every case that started, in run order; unfinished ones are ERROR and marked. */
  results(): CaseResult[] {
    return this.order.map((id) => this.result(id)).filter((c): c is CaseResult => c !== undefined);
  }

  /** Feature URIs of the cases that started. */
  startedUris(): Set<string> {
    const uris = new Set<string>();
    for (const s of this.started.values()) {
      const pickle = this.pickles.get(this.testCases.get(s.testCaseId)?.pickleId ?? '');
      if (pickle) uris.add(pickle.uri);
    }
    return uris;
  }

  private identityOf(startedId: string): CaseIdentity | undefined {
    const pickle = this.pickles.get(this.testCases.get(this.started.get(startedId)?.testCaseId ?? '')?.pickleId ?? '');
    if (!pickle) return undefined;
    return (
      this.identify(pickle.uri) ?? {
        id: pickle.name,
        title: pickle.name,
        interface: 'unknown',
        tags: pickle.tags.map((t) => t.name),
      }
    );
  }

  private result(startedId: string): CaseResult | undefined {
    const s = this.started.get(startedId)!;
    const testCase = this.testCases.get(s.testCaseId);
    const pickle = testCase && this.pickles.get(testCase.pickleId);
    const identity = this.identityOf(startedId);
    if (!testCase || !pickle || !identity) return undefined;
    const pickleSteps = new Map(pickle.steps.map((p) => [p.id, p]));
    const outcomes: StepOutcome[] = [];
    const steps: StepResult[] = [];
    for (const ts of testCase.testSteps) {
      const r = s.steps.get(ts.id);
      const ps = ts.pickleStepId ? pickleSteps.get(ts.pickleStepId) : undefined;
      if (!ps) {
        // Hooks only matter when they failed.
        if (r && r.status !== 'PASSED')
          outcomes.push({
            type: 'Hook',
            text: 'a Before/After hook',
            status: r.status,
            exceptionType: r.exception?.type,
            message: r.exception?.message ?? r.message,
          });
        continue;
      }
      const keyword = this.keywords.get(ps.astNodeIds[0]) ?? '';
      steps.push({
        keyword,
        text: ps.text,
        status: r ? (r.status.toLowerCase() as StepStatus) : 'not-run',
        durationMs: r ? toMs(r.duration) : 0,
        error: r?.exception?.message ?? r?.message,
      });
      if (r)
        outcomes.push({
          type: (ps.type as StepOutcome['type']) ?? 'Unknown',
          text: ps.text,
          status: r.status,
          exceptionType: r.exception?.type,
          message: r.exception?.message ?? r.message,
        });
    }
    const finished = s.finishedAt !== undefined;
    const { verdict, reason } = finished
      ? verdictOf(outcomes)
      : { verdict: 'ERROR' as const, reason: 'The case did not finish: the run was interrupted, or the process running it ended.' };
    return {
      id: identity.id,
      title: identity.title,
      interface: identity.interface,
      verdict,
      reason,
      diagnosis: verdict === 'PASS' ? undefined : (s.attachment?.diagnosis ?? (reason ? { message: reason } : undefined)),
      durationMs: (s.finishedAt ?? Date.now()) - s.startedAt,
      unfinished: finished ? undefined : true,
      featureFile: pickle.uri,
      tags: identity.tags,
      steps,
      trace: s.attachment?.trace ?? [],
    };
  }
}
