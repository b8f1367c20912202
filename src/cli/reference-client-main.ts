/**
 * `lwm2m-conformance reference-client` on its own: the entry of dist/reference-client.js, a bundle
 * of only what the reference client needs (scripts/build.js), so that every DUT launch starts fast.
 */
import { referenceClientCommand } from './reference-client';
import { exitCodeForError } from './usage';

export function referenceClientMain(argv: string[]): Promise<number> {
  return referenceClientCommand(argv).catch(exitCodeForError);
}
