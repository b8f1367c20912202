/**
 * OSCORE (RFC 8613) judged from the server side (ETS int-405 with the server as DUT): when the
 * profile declares ICS oscore, the harness chooses the session's material (handed to the server
 * through the launch placeholders, seen from the server: {oscore_sender_id} is its own Sender ID,
 * the Test Client's Recipient ID), the Test Client protects its Register and its answers and
 * verifies the server's messages. The checks read what the Test Client's endpoint recorded.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import type { OscoreLayer, OscoreRecord } from '../../coap/oscore/layer';
import { oscoreMaterial, oscorePlaceholders, testClientOscoreLayer, type OscoreMaterial } from '../oscore';
import { checkProtectedRegisterAnswer, checkProtectedRequest, describeUnverified } from '../checks/oscore';
import { requireCriterion } from '../criteria';
import { CriterionFailure, DutFailure, PreconditionFailure } from '../failures';
import type { ServerRead } from './device-management';
import type { ServerDutSession } from './session';

/** The answer to the protected Register, or the protected answer the Test Client could not verify. */
export type ProtectedRegister = { response: IncomingResponse } | { unverified: OscoreRecord; failure: DutFailure };

export class ServerOscoreOperations {
  private chosen?: { material?: OscoreMaterial; layer?: OscoreLayer };

  constructor(private readonly s: ServerDutSession) {}

  /** Chosen once per session, on first use (the profile is read by then). */
  private get parts(): { material?: OscoreMaterial; layer?: OscoreLayer } {
    if (!this.chosen) {
      const material = oscoreMaterial(this.s.profile);
      // One context for the session: a second Test Client must not restart the sequence numbers.
      this.chosen = { material, layer: material && testClientOscoreLayer(material) };
    }
    return this.chosen;
  }

  /** Set when the profile declares ICS oscore; then the Test Client speaks OSCORE. */
  get material(): OscoreMaterial | undefined {
    return this.parts.material;
  }

  /** The Test Client's protection layer (undefined: plain CoAP). */
  get layer(): OscoreLayer | undefined {
    return this.parts.layer;
  }

  placeholders(): Record<string, string> {
    return oscorePlaceholders(this.material, 'server');
  }

  /** What the launcher masks in the evidence. */
  secrets(): string[] {
    const key = this.material?.masterSecret.toString('hex');
    return key ? [key, key.toUpperCase()] : [];
  }

  /** The Test Client's protected Register; an answer that does not verify is kept for the criterion, not waited past. */
  async register(): Promise<ProtectedRegister> {
    const inbox = this.s.client.endpoint.inbox;
    const mark = inbox.cursor();
    try {
      return { response: await this.s.registration.register() };
    } catch (e) {
      const unverified = inbox.since(mark).find((x) => x.oscore?.error)?.oscore;
      if (e instanceof DutFailure && unverified) return { unverified, failure: e };
      throw e;
    }
  }

  /** Criterion (A): the answer is protected (outer 2.04) and decrypts to 2.01 Created with a Location-Path. */
  checkRegisterAnswer(criterion: string, outcome: ProtectedRegister): void {
    const expected = 'an OSCORE-protected answer to the Register (outer 2.04 Changed) decrypting to 2.01 Created with a Location-Path';
    if ('unverified' in outcome)
      throw new CriterionFailure(criterion, expected, `${describeUnverified(outcome.unverified, 'the answer')}; ${outcome.failure.actual}`);
    requireCriterion(criterion, expected, checkProtectedRegisterAnswer(outcome.response));
  }

  /** Precondition of (B): the protected Register of the earlier step was answered 2.01 (protected or not). */
  requireRegistered(outcome: ProtectedRegister | undefined): void {
    if (!outcome || !('response' in outcome) || outcome.response.message.code !== '2.01')
      throw new PreconditionFailure(
        'a registration of the Test Client',
        'the protected Register of the earlier step was not answered 2.01',
      );
  }

  /**
   * Asked to read, the server sends a protected request (a request it protected that the Test
   * Client could not verify never reaches the responder: that is named instead of a bare timeout).
   */
  async read(criterion: string, path: string, format?: string): Promise<ServerRead> {
    const inbox = this.s.client.endpoint.inbox;
    const mark = inbox.cursor();
    try {
      return await this.s.dm.readAsCriterion(criterion, path, format);
    } catch (e) {
      const unverified = inbox.since(mark).find((x) => x.oscore?.error)?.oscore;
      if (e instanceof CriterionFailure && unverified)
        throw new CriterionFailure(criterion, e.expected, `${describeUnverified(unverified, `the server's request`)}; ${e.actual}`);
      throw e;
    }
  }

  /** Criterion (B): the Read came protected, outer POST (FETCH for an Observe), inner GET on the path. */
  checkProtectedRead(criterion: string, read: ServerRead): void {
    requireCriterion(
      criterion,
      `an OSCORE-protected Read of ${read.path} (outer POST, inner GET)`,
      checkProtectedRequest(read.request.request, `the Read of ${read.path}`),
    );
  }
}
