/**
 * The folder of this package (where package.json, fixtures/ and features/ live), found by walking
 * up from this module: the same answer whether the code runs from src/ (tsx) or from dist/src/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);
