/**
 * The test catalogue: one entry per OMA test case, read from the tags of the feature files.
 * Conventions (see DESIGN.md): `@LightweightM2M-<edition>-int-<N>` per ETS edition that has the
 * case, `@lwm2m-<x.y>` for the version that introduced it, `@dut-client` / `@dut-server`, one
 * interface tag, `@requires-<feature>` per optional feature, `@manual` when an operator is needed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import type { DutProfile, DutRole } from './dut-profile';
import { ERRATA } from './ets-errata';
import { KNOWN_FEATURES, applicability, compareVersions } from './ics';

/** Interface tags in report order, with the heading a person reads. */
export const INTERFACES: readonly { tag: string; title: string }[] = [
  { tag: 'bootstrap', title: 'Bootstrap' },
  { tag: 'registration', title: 'Registration' },
  { tag: 'device-management', title: 'Device Management and Service Enablement' },
  { tag: 'information-reporting', title: 'Information Reporting' },
  { tag: 'security', title: 'Security' },
  { tag: 'objects', title: 'Objects' },
  { tag: 'multi-server', title: 'Multi-Server' },
];

export interface CatalogueCase {
  /** One per ETS edition that has the case, oldest edition first. */
  ids: { edition: string; id: string }[];
  /** The number shared by every edition, e.g. "int-101". */
  number: string;
  /** The Feature name without its leading ID. */
  title: string;
  /** The LwM2M version that introduced the case, e.g. "1.0". */
  introducedIn: string;
  /** Interface tag, e.g. "registration" (see INTERFACES for the heading). */
  interface: string;
  /** The role the DUT plays in this case. */
  role: DutRole;
  /** Optional features (ICS names) the case needs. */
  requires: string[];
  manual: boolean;
  file: string;
  /** Every feature-level tag, as Cucumber names it (with the "@"). */
  tags: string[];
}

/** Feature files that break the conventions; the message names every file and what is wrong. */
export class CatalogueError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The test catalogue has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'CatalogueError';
  }
}

/**
 * OMA ETS IDs, and the harness's own robustness cases (`LwM2M-Robustness-1.1-srv-1`): checks the
 * ETS lacks (a server must survive a misbehaving client), numbered apart so that a report never
 * passes them off as OMA cases, with the same edition part so that they apply like ETS cases.
 */
const ID_TAG = /^(?:LightweightM2M-(?:CONMGMT-)?|LwM2M-Robustness-)(\d+\.\d+)-((?:int|srv)-\d+)$/;
const VERSION_TAG = /^lwm2m-(\d+\.\d+)$/;
const LEADING_ID = /^(?:LightweightM2M-(?:CONMGMT-)?|LwM2M-Robustness-)\d+\.\d+-(?:int|srv)-\d+\s*/;

export function interfaceTitle(tag: string): string {
  return INTERFACES.find((i) => i.tag === tag)?.title ?? tag;
}

/** The ID of the newest ETS edition that has the case (what `list` shows without a DUT). */
export function latestId(c: CatalogueCase): string {
  return c.ids[c.ids.length - 1].id;
}

/** Reads one feature file's text into a case; returns the problems instead when it breaks the conventions. */
export function parseFeature(source: string, file: string): CatalogueCase | string[] {
  let feature;
  try {
    feature = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(source).feature;
  } catch (e) {
    const details = (e as Error).message.replace(/^Parser errors:\n/, '').split('\n');
    return details.map((d) => `${file}: not valid Gherkin: ${d}`);
  }
  if (!feature) return [`${file}: no Feature in the file`];
  const line = feature.location.line;
  const problems: string[] = [];
  const bad = (message: string) => problems.push(`${file}:${line}: ${message}`);
  const tags = feature.tags.map((t) => t.name.replace(/^@/, ''));

  const ids = tags
    .map((t) => ID_TAG.exec(t))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ edition: m[1], id: m[0], number: m[2] }))
    .sort((a, b) => compareVersions(a.edition, b.edition));
  const numbers = [...new Set(ids.map((x) => x.number))];
  if (ids.length === 0) bad('no ID tag such as @LightweightM2M-1.1-int-101');
  if (numbers.length > 1) bad(`ID tags disagree on the case number: ${numbers.join(', ')}`);

  const versions = tags.map((t) => VERSION_TAG.exec(t)?.[1]).filter((v): v is string => v !== undefined);
  if (versions.length !== 1) bad(`expected one version tag such as @lwm2m-1.0, found ${versions.length}`);
  else if (ids.length > 0 && compareVersions(ids[0].edition, versions[0]) < 0) {
    bad(`@lwm2m-${versions[0]} says the case is newer than its ID ${ids[0].id}`);
  }

  const roles = tags.filter((t) => t === 'dut-client' || t === 'dut-server' || t === 'dut-bootstrap-server');
  if (roles.length !== 1)
    bad(`expected one of @dut-client, @dut-server or @dut-bootstrap-server, found ${roles.length === 0 ? 'none' : roles.join(' and ')}`);

  const interfaces = tags.filter((t) => INTERFACES.some((i) => i.tag === t));
  if (interfaces.length !== 1) {
    bad(
      `expected one interface tag (${INTERFACES.map((i) => `@${i.tag}`).join(', ')}), found ${interfaces.length === 0 ? 'none' : interfaces.map((t) => `@${t}`).join(', ')}`,
    );
  }
  const folder = path.basename(path.dirname(file));
  if (interfaces.length === 1 && INTERFACES.some((i) => i.tag === folder) && folder !== interfaces[0]) {
    bad(`the file is in the ${folder}/ folder but tagged @${interfaces[0]}`);
  }

  const requires = tags.filter((t) => t.startsWith('requires-')).map((t) => t.slice('requires-'.length));
  for (const r of requires)
    if (!Object.hasOwn(KNOWN_FEATURES, r)) bad(`@requires-${r} names no known feature (see KNOWN_FEATURES in src/conformance/ics.ts)`);

  for (const t of tags.filter((x) => x.startsWith('erratum-')))
    if (!Object.hasOwn(ERRATA, t.slice('erratum-'.length)))
      bad(`@${t} names no known ETS erratum (see ERRATA in src/conformance/ets-errata.ts)`);

  const leading = LEADING_ID.exec(feature.name)?.[0].trim();
  if (leading && !ids.some((x) => x.id === leading)) bad(`the Feature name starts with ${leading}, which is not one of its ID tags`);
  const title = feature.name.replace(LEADING_ID, '').trim();
  if (!title) bad('the Feature has no title after its ID');
  // File and scenario names start with the OMA ID, so that a person finds the case by its ID.
  const startsWithId = (name: string) => ids.some((x) => name.startsWith(x.id));
  if (ids.length > 0 && !startsWithId(path.basename(file)))
    bad(`the file name should start with one of its IDs, e.g. ${ids[ids.length - 1].id}.feature`);
  for (const child of feature.children) {
    const named = child.scenario ?? child.rule;
    if (named && ids.length > 0 && !startsWithId(named.name))
      bad(`line ${named.location.line}: the ${named.keyword} name should start with one of its IDs, found "${named.name}"`);
  }

  if (problems.length > 0) return problems;
  return {
    ids: ids.map(({ edition, id }) => ({ edition, id })),
    number: numbers[0],
    title,
    introducedIn: versions[0],
    interface: interfaces[0],
    role: roles[0].slice('dut-'.length) as DutRole,
    requires,
    manual: tags.includes('manual'),
    file,
    tags: feature.tags.map((t) => t.name),
  };
}

function featureFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? featureFiles(path.join(dir, e.name)) : e.name.endsWith('.feature') ? [path.join(dir, e.name)] : []));
}

/** Every case under `featuresDir`, by interface order then number; throws a CatalogueError listing all problems. */
export function loadCatalogue(featuresDir: string): CatalogueCase[] {
  let files: string[];
  try {
    files = featureFiles(featuresDir);
  } catch (e) {
    throw new CatalogueError([`${featuresDir}: cannot read the features folder: ${(e as Error).message}`]);
  }
  const problems: string[] = [];
  const cases: CatalogueCase[] = [];
  for (const file of files) {
    const parsed = parseFeature(fs.readFileSync(file, 'utf8'), file);
    if (Array.isArray(parsed)) problems.push(...parsed);
    else {
      const twin = cases.find((c) => c.number === parsed.number && c.role === parsed.role);
      if (twin) problems.push(`${file}: case ${parsed.number} is also defined in ${twin.file}`);
      else cases.push(parsed);
    }
  }
  if (problems.length > 0) throw new CatalogueError(problems);
  return sortCases(cases);
}

export function sortCases(cases: CatalogueCase[]): CatalogueCase[] {
  const order = (c: CatalogueCase) => INTERFACES.findIndex((i) => i.tag === c.interface);
  // ETS cases first, then the harness's own (srv-N), each by number.
  const own = (c: CatalogueCase) => (c.number.startsWith('int-') ? 0 : 1);
  const num = (c: CatalogueCase) => Number(c.number.replace(/^\D+-/, ''));
  return [...cases].sort((a, b) => order(a) - order(b) || own(a) - own(b) || num(a) - num(b));
}

/** The text table `lwm2m-conformance list [--dut FILE]` prints. */
export function formatCatalogue(cases: CatalogueCase[], profile?: DutProfile): string {
  const header = ['ID', 'Title', 'Version', 'Interface', 'Mode', ...(profile ? ['Applicability'] : [])];
  let applicable = 0;
  const rows = cases.map((c) => {
    const a = profile && applicability(c, profile);
    if (a?.applicable) applicable++;
    const base = [a ? a.reportedId : latestId(c), c.title, c.introducedIn, interfaceTitle(c.interface), c.manual ? 'manual' : 'automated'];
    return a ? [...base, a.applicable ? 'applicable' : `N/A: ${a.reason}`] : base;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const total = `${cases.length} test case${cases.length === 1 ? '' : 's'}`;
  const footer = profile
    ? `${total}; ${applicable} applicable to "${profile.name}", an LwM2M ${profile.lwm2mVersion} ${profile.role}`
    : total;
  const rule = widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? header[i].length : w));
  return [line(header), line(rule), ...rows.map(line), '', footer].join('\n') + '\n';
}
