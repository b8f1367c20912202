/**
 * An explicit, opt-in window on session secrets, so a capture of the harness's own DTLS traffic
 * can be decrypted (Wireshark: the NSS key log format, "CLIENT_RANDOM <client random> <master
 * secret>"). Nothing leaves a connection unless a listener has subscribed; the secrets never
 * enter the trace.
 */
export interface SessionSecrets {
  /** ClientHello.random, 32 bytes. */
  clientRandom: Buffer;
  /** The 48-byte master secret of the session. */
  masterSecret: Buffer;
}

export type SessionSecretsListener = (secrets: SessionSecrets) => void;

let listeners: SessionSecretsListener[] = [];

/** Calls `listener` with the secrets of every DTLS session that derives its keys from now on; returns the unsubscribe. */
export function onSessionSecrets(listener: SessionSecretsListener): () => void {
  listeners.push(listener);
  return () => {
    listeners = listeners.filter((l) => l !== listener);
  };
}

/** Called by a connection once its master secret exists; a no-op without listeners. */
export function publishSessionSecrets(clientRandom: Buffer, masterSecret: Buffer): void {
  for (const l of listeners) l({ clientRandom: Buffer.from(clientRandom), masterSecret: Buffer.from(masterSecret) });
}

/** One line of an NSS key log file. */
export function keyLogLine(s: SessionSecrets): string {
  return `CLIENT_RANDOM ${s.clientRandom.toString('hex')} ${s.masterSecret.toString('hex')}`;
}
