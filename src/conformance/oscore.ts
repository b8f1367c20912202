/**
 * The OSCORE material of a session (RFC 8613, LwM2M TS 1.1 §E.9 OSCORE object /21) when the
 * DUT profile declares the ICS feature `oscore`: the harness chooses a fresh Master Secret, Master
 * Salt and the two IDs per session, hands them to a launched DUT through placeholders (as it does
 * the PSK), and derives the Test Server's side of the context. The report shows IDs, never keys.
 */
import { randomBytes } from 'node:crypto';
import type { DutProfile } from './dut-profile';
import { deriveContext, type SecurityContext } from '../coap/oscore/context';
import { OscoreLayer } from '../coap/oscore/layer';

export interface OscoreMaterial {
  masterSecret: Buffer;
  masterSalt: Buffer;
  /** The DUT's Sender ID, the Test Server's Recipient ID. */
  clientId: Buffer;
  /** The Test Server's Sender ID, the DUT's Recipient ID. */
  serverId: Buffer;
}

/** Fresh material when the profile declares `oscore`, else undefined (then no case speaks OSCORE). */
export function oscoreMaterial(profile: DutProfile): OscoreMaterial | undefined {
  if (!profile.ics.includes('oscore')) return undefined;
  const clientId = randomBytes(2);
  let serverId = randomBytes(2);
  while (serverId.equals(clientId)) serverId = randomBytes(2);
  return { masterSecret: randomBytes(16), masterSalt: randomBytes(8), clientId, serverId };
}

/** The Test Server's security context towards the DUT. */
export function testServerContext(m: OscoreMaterial): SecurityContext {
  return deriveContext({ masterSecret: m.masterSecret, masterSalt: m.masterSalt, senderId: m.serverId, recipientId: m.clientId });
}

export function testServerOscoreLayer(m: OscoreMaterial): OscoreLayer {
  return new OscoreLayer({ contexts: [testServerContext(m)] });
}

/** Launch placeholders, all as hex; the Master Secret is one of the secrets the launcher masks. */
export function oscorePlaceholders(m: OscoreMaterial | undefined): Record<string, string> {
  if (!m) return {};
  return {
    oscore_master_secret: m.masterSecret.toString('hex'),
    oscore_salt: m.masterSalt.toString('hex'),
    oscore_sender_id: m.clientId.toString('hex'),
    oscore_recipient_id: m.serverId.toString('hex'),
  };
}

export function describeOscore(m: OscoreMaterial): string {
  return `OSCORE (AES-CCM-16-64-128, HKDF SHA-256), client Sender ID 0x${m.clientId.toString('hex')}, Test Server Sender ID 0x${m.serverId.toString('hex')}`;
}
