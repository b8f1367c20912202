/** The report's order: the catalogue's (interface, then number), whatever order the cases ran in. */
import * as path from 'node:path';
import type { CatalogueCase } from '../conformance/catalogue';
import type { CaseResult } from '../conformance/results';
import { PACKAGE_ROOT } from '../util/package-root';

/** Sorts results by their feature file's place in the catalogue; unknown files last, in their order. */
export function sortByCatalogue(results: CaseResult[], cases: CatalogueCase[]): CaseResult[] {
  const rank = new Map(cases.map((c, i) => [path.relative(PACKAGE_ROOT, c.file).split(path.sep).join('/'), i]));
  const at = (r: CaseResult) => rank.get(r.featureFile ?? '') ?? Number.MAX_SAFE_INTEGER;
  return [...results].sort((a, b) => at(a) - at(b));
}
