/**
 * The firmware package format of the reference client, so that the harness can make packages
 * for it (valid, corrupted, oversized, …) and the client can judge what it was given:
 *
 *   "LWM2MFW1"  magic: the package type (another magic is an unsupported type, Result 6)
 *   u16         length of the JSON header that follows
 *   JSON        { "version": "2.0", "ramBytes": 65536, "install": "ok" | "fail" }
 *   u32         length of the image
 *   image
 *   32 bytes    SHA-256 of everything before it (a mismatch is an integrity failure, Result 5)
 *
 * Any other device has its own format; its profile names its packages as files.
 */
import { createHash } from 'node:crypto';

export const PACKAGE_MAGIC = Buffer.from('LWM2MFW1');

export interface PackageHeader {
  version: string;
  /** RAM the install needs; more than the device has is Result 3 (out of RAM). */
  ramBytes: number;
  /** "fail": the image downloads and checks fine but its install fails (Result 8). */
  install: 'ok' | 'fail';
}

export function buildPackage(header: PackageHeader, imageSize: number, magic = PACKAGE_MAGIC): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const image = Buffer.alloc(imageSize);
  for (let i = 0; i < imageSize; i++) image[i] = (i * 31 + 7) & 0xff; // deterministic, not all zero
  const head = Buffer.alloc(2);
  head.writeUInt16BE(json.length);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(imageSize);
  const body = Buffer.concat([magic, head, json, size, image]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

export type PackageVerdict = { ok: true; header: PackageHeader } | { ok: false; result: 5 | 6; why: string };

/** Whether a package is of this type and intact (sizes and resources are the device's business). */
export function checkPackage(pkg: Buffer): PackageVerdict {
  if (pkg.length < PACKAGE_MAGIC.length || !pkg.subarray(0, PACKAGE_MAGIC.length).equals(PACKAGE_MAGIC))
    return { ok: false, result: 6, why: 'not a LWM2MFW1 package' };
  const bad = (why: string): PackageVerdict => ({ ok: false, result: 5, why });
  let at = PACKAGE_MAGIC.length;
  if (pkg.length < at + 2) return bad('truncated header');
  const jsonLength = pkg.readUInt16BE(at);
  at += 2;
  if (pkg.length < at + jsonLength + 4) return bad('truncated header');
  let header: PackageHeader;
  try {
    header = JSON.parse(pkg.subarray(at, at + jsonLength).toString('utf8')) as PackageHeader;
  } catch {
    return bad('unreadable header');
  }
  at += jsonLength;
  const imageSize = pkg.readUInt32BE(at);
  at += 4 + imageSize;
  if (pkg.length !== at + 32) return bad(`${pkg.length} bytes where the header makes ${at + 32}`);
  const digest = createHash('sha256').update(pkg.subarray(0, at)).digest();
  if (!digest.equals(pkg.subarray(at))) return bad('SHA-256 mismatch');
  if (typeof header.version !== 'string' || typeof header.ramBytes !== 'number') return bad('incomplete header');
  return { ok: true, header };
}
