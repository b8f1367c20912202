/**
 * The OSCORE material of a session (RFC 8613, LwM2M TS 1.1 §E.9 OSCORE object /21) when the
 * DUT profile declares the ICS feature `oscore`: the harness chooses a fresh Master Secret, Master
 * Salt and the two IDs per session, hands them to a launched DUT through placeholders (as it does
 * the PSK), and derives the harness's side of the context: the Test Server's towards a client DUT,
 * the Test Client's towards a server DUT. The report shows IDs, never keys.
 */
import { randomBytes } from 'node:crypto';
import type { DutProfile } from './dut-profile';
import { deriveContext, type SecurityContext } from '../coap/oscore/context';
import { OscoreLayer } from '../coap/oscore/layer';

export interface OscoreMaterial {
  masterSecret: Buffer;
  masterSalt: Buffer;
  /** The LwM2M client's Sender ID (the client DUT's, or the Test Client's), the server's Recipient ID. */
  clientId: Buffer;
  /** The LwM2M server's Sender ID (the Test Server's, or the server DUT's), the client's Recipient ID. */
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

/** The Test Client's security context towards a server DUT: the mirror of the server's. */
export function testClientContext(m: OscoreMaterial): SecurityContext {
  return deriveContext({ masterSecret: m.masterSecret, masterSalt: m.masterSalt, senderId: m.clientId, recipientId: m.serverId });
}

export function testClientOscoreLayer(m: OscoreMaterial): OscoreLayer {
  return new OscoreLayer({ contexts: [testClientContext(m)] });
}

/**
 * Launch placeholders, all as hex, seen from the DUT: {oscore_sender_id} is the DUT's own Sender
 * ID (a client DUT's, or a server DUT's, which is the Test Client's Recipient ID). The Master
 * Secret is one of the secrets the launcher masks.
 */
export function oscorePlaceholders(m: OscoreMaterial | undefined, dut: 'client' | 'server' = 'client'): Record<string, string> {
  if (!m) return {};
  const [own, peer] = dut === 'client' ? [m.clientId, m.serverId] : [m.serverId, m.clientId];
  return {
    oscore_master_secret: m.masterSecret.toString('hex'),
    oscore_salt: m.masterSalt.toString('hex'),
    oscore_sender_id: own.toString('hex'),
    oscore_recipient_id: peer.toString('hex'),
  };
}

export function describeOscore(m: OscoreMaterial): string {
  return `OSCORE (AES-CCM-16-64-128, HKDF SHA-256), client Sender ID 0x${m.clientId.toString('hex')}, Test Server Sender ID 0x${m.serverId.toString('hex')}`;
}
