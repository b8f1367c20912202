/**
 * What a certification report must say about the run besides the verdicts: the harness's source
 * revision and the profile as it was run, its secrets removed and its file hashed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

/** Keys whose values are secrets wherever they appear in a profile. */
const SECRET_KEY = /^(key|psk.*|.*secret.*|.*password.*|.*passphrase.*|.*token.*)$/i;
export const REDACTED = '[removed]';

/** `git describe` of the harness checkout ("<sha>" or "<sha>-dirty"), undefined outside a git checkout. */
export function harnessRevision(root: string): string | undefined {
  try {
    const out = execFileSync('git', ['-C', root, 'describe', '--always', '--dirty', '--abbrev=40', '--match', 'no-tags-wanted'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The profile's text with every secret replaced by "[removed]" (values under secret-looking keys,
 * and any other occurrence of those values, e.g. a key pasted into a launch command), and the
 * SHA-256 of the file as it is on disk, so a reader can check which profile was run.
 */
export function profileRecord(file: string): { sha256: string; text: string } | undefined {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const sha256 = createHash('sha256').update(raw).digest('hex');
  return { sha256, text: redactProfileText(raw.toString('utf8')) };
}

export function redactProfileText(source: string): string {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return REDACTED; // not YAML we can take apart: show nothing rather than a secret
  const secrets = new Set<string>();
  const walk = (node: unknown, secret: boolean): void => {
    if (isScalar(node)) {
      if (secret && node.value !== null && String(node.value) !== '') {
        secrets.add(String(node.value));
        node.value = REDACTED;
      }
    } else if (isMap(node)) {
      for (const pair of node.items) walk(pair.value, secret || (isScalar(pair.key) && SECRET_KEY.test(String(pair.key.value))));
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, secret);
    }
  };
  walk(doc.contents as Node, false);
  const hidden = [...secrets].filter((s) => s.length >= 4);
  const scrub = (node: unknown): void => {
    if (isScalar(node) && typeof node.value === 'string') {
      let v = node.value;
      for (const s of hidden) v = v.split(s).join(REDACTED);
      node.value = v;
    } else if (isMap(node)) for (const pair of node.items) scrub(pair.value);
    else if (isSeq(node)) for (const item of node.items) scrub(item);
  };
  scrub(doc.contents as Node);
  return doc.toString();
}
