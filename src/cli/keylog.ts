/**
 * `run --keylog FILE`: the secrets of every DTLS session the harness takes part in, appended to
 * FILE in the NSS key log format, so Wireshark can decrypt the run's captures
 * (tshark -o tls.keylog_file:FILE). Written only when asked, never into the report. Cases may run
 * in Cucumber worker processes: the file is named to them in the environment, and each appends
 * its own sessions (one line per write, O_APPEND, so lines never interleave).
 */
import * as fs from 'node:fs';
import { keyLogLine, onSessionSecrets } from '../transport/dtls';
import { UsageError } from './usage';

/** Names the key log file to the processes that run cases. */
export const KEYLOG_ENV = 'LWM2M_CONFORMANCE_KEYLOG';

let active: (() => void) | undefined;

/** Appends this process's DTLS session secrets to the file $LWM2M_CONFORMANCE_KEYLOG names (once per process); returns the stop. */
export function keyLogFromEnvironment(): () => void {
  const file = process.env[KEYLOG_ENV];
  if (!file || active) return active ?? (() => {});
  const fd = fs.openSync(file, 'a', 0o600);
  const stop = onSessionSecrets((s) => fs.writeSync(fd, keyLogLine(s) + '\n'));
  active = () => {
    stop();
    fs.closeSync(fd);
    active = undefined;
  };
  return active;
}

/** Starts the key log of a run in FILE (created or appended to); returns the function that stops it. */
export function startKeyLog(file: string): () => void {
  try {
    fs.appendFileSync(file, `# DTLS session secrets written by lwm2m-conformance, ${new Date().toISOString()}\n`, { mode: 0o600 });
  } catch (e) {
    throw new UsageError(`--keylog: cannot write ${file}: ${(e as Error).message}`);
  }
  process.env[KEYLOG_ENV] = file;
  const stop = keyLogFromEnvironment();
  return () => {
    stop();
    delete process.env[KEYLOG_ENV];
  };
}
