/**
 * The firmware packages a case delivers, by kind: files the profile names, or (packages:
 * reference) packages the harness makes in the reference client's format, sized against the
 * device's flash and RAM as the profile states them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildPackage, PACKAGE_MAGIC } from '../peers/firmware-package';
import type { DutProfile, FirmwarePackageKind } from './dut-profile';
import { PreconditionFailure } from './failures';

export interface FirmwarePackage {
  kind: FirmwarePackageKind;
  bytes: Buffer;
  /** The Firmware Version it installs, when known. */
  version?: string;
}

export const PACKAGE_WORDS: Record<string, FirmwarePackageKind> = {
  'a valid package': 'valid',
  'an oversized package': 'oversized',
  'a package needing more RAM than the device has': 'outOfRam',
  'a corrupted package': 'corrupted',
  'a package of an unsupported type': 'wrongType',
  'a package whose install fails': 'installFails',
};

export function firmwarePackage(profile: DutProfile, kind: FirmwarePackageKind, size?: number): FirmwarePackage {
  const fw = profile.firmware;
  if (!fw) throw new PreconditionFailure('firmware packages for the DUT', 'the DUT profile has no firmware section');
  const version = fw.newVersion ?? '2.0';
  if (fw.packages !== 'reference') {
    const file = fw.packages[kind];
    if (!file) throw new PreconditionFailure(`a firmware package of kind ${kind}`, `the profile's firmware.packages names none`);
    const bytes = fs.readFileSync(path.resolve(profile.dir, file));
    return { kind, bytes, version: kind === 'valid' ? fw.newVersion : undefined };
  }
  const header = { version, ramBytes: 16 * 1024, install: 'ok' as const };
  const imageSize = size ?? fw.packageSize;
  switch (kind) {
    case 'valid':
      return { kind, bytes: buildPackage(header, imageSize), version };
    case 'oversized': {
      if (!fw.storageBytes) throw new PreconditionFailure('the device flash size', 'firmware.storageBytes is not in the profile');
      return { kind, bytes: buildPackage(header, fw.storageBytes + 1024) };
    }
    case 'outOfRam': {
      if (!fw.ramBytes) throw new PreconditionFailure('the device RAM size', 'firmware.ramBytes is not in the profile');
      return { kind, bytes: buildPackage({ ...header, ramBytes: fw.ramBytes * 2 }, imageSize) };
    }
    case 'corrupted': {
      const bytes = buildPackage(header, imageSize);
      bytes[Math.floor(bytes.length / 2)] ^= 0x5a; // one byte of the image changed after signing
      return { kind, bytes };
    }
    case 'wrongType': {
      const other = Buffer.from(PACKAGE_MAGIC);
      other[other.length - 1] = 0x39; // "LWM2MFW9": a package type the device does not know
      return { kind, bytes: buildPackage(header, imageSize, other) };
    }
    case 'installFails':
      return { kind, bytes: buildPackage({ ...header, install: 'fail' }, imageSize), version };
  }
}
