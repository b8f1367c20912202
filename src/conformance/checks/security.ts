/** Judging the DTLS channel a client used (ETS int-401 … int-403). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import type { RdEvent } from '../../peers/test-server';
import type { HandshakeEvent } from '../client-dut/session';
import type { SecurityMaterial } from '../security';

const SUITE_PREFIX = { psk: 'TLS_PSK_', x509: 'TLS_ECDHE_ECDSA_' } as const;

/** The Register came inside a completed handshake of the expected kind, and was accepted. */
export function checkSecureRegister(
  event: RdEvent,
  handshakes: readonly HandshakeEvent[],
  mode: 'psk' | 'x509',
  security: SecurityMaterial,
): string[] {
  const problems: string[] = [];
  const sessionKey = event.request?.info?.sessionKey;
  if (!sessionKey) return ['the Register did not arrive inside a DTLS session'];
  const hs = handshakes.find((h): h is Extract<HandshakeEvent, { ok: true }> => h.ok && h.info.sessionKey === sessionKey);
  if (!hs) return [`no completed handshake is known for the Register's session ${sessionKey}`];
  if (!hs.info.cipherSuite.startsWith(SUITE_PREFIX[mode]))
    problems.push(`the session used ${hs.info.cipherSuite}, not a ${SUITE_PREFIX[mode]}* suite`);
  if (mode === 'psk') {
    const declared = security.psk?.identity.toString('utf8');
    if (hs.info.identity !== declared) problems.push(`the PSK identity was "${hs.info.identity}", the profile declares "${declared}"`);
  } else if (!hs.info.identity) {
    problems.push('the client presented no certificate');
  }
  if (event.responseCode !== '2.01')
    problems.push(`the Register was answered ${event.responseCode ?? '(nothing)'}${event.problem ? `: ${event.problem}` : ''}`);
  return problems;
}

/** int-403: no handshake may complete, and no Register may arrive. */
export function checkRefusedHandshake(handshakes: readonly HandshakeEvent[], registered: boolean): string[] {
  const completed = handshakes.filter((h) => h.ok);
  const problems: string[] = [];
  if (completed.length > 0) problems.push(`the client completed ${completed.length} handshake(s) with a certificate for another host name`);
  if (registered) problems.push('the client registered over that session');
  return problems;
}

/**
 * int-403 means something only when the wrong-host certificate chains to the trust anchor the
 * client is given: otherwise a client refuses it as an unknown CA, whether or not it checks the
 * host name. Returns why the certificate does not qualify, or undefined when it does.
 */
export function wrongHostCertificateProblem(security: SecurityMaterial): string | undefined {
  const { wrongHostCertificate, clientTrustAnchor: trustAnchor } = security.files;
  if (!wrongHostCertificate || !trustAnchor) return 'the profile gives no trust anchor or wrong-host certificate';
  const wrong = new X509Certificate(fs.readFileSync(wrongHostCertificate));
  const anchor = new X509Certificate(fs.readFileSync(trustAnchor));
  if (wrong.checkIssued(anchor) && wrong.verify(anchor.publicKey)) return undefined;
  return `${path.basename(wrongHostCertificate)} (issued by ${wrong.issuer.replace(/\n/g, ', ')}) is not signed by the trust anchor ${path.basename(trustAnchor)} the client is given; set security.wrongHostCertificate and security.wrongHostPrivateKey to a certificate for another host name issued by that anchor`;
}
