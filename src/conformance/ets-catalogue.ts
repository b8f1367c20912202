/**
 * The whole ETS catalogue of one edition, joined with the feature files: every case ID with its
 * standing (automated, not automated yet, placeholder, delegated, voided, N/A in the ETS), whether
 * it is mandatory for the DUT's role or conditional on ICS features, and its Appendix D weight.
 * "Automated" is derived from the features folder, never written down.
 */
import { interfaceTitle, type CatalogueCase } from './catalogue';
import { ETS_CASES, type EtsCaseData } from './ets-cases';
import { coverageWeights } from './ets-coverage';
import { EDITION_TITLES, etsIdOf, type EtsEdition } from './ets-editions';
import { ERRATA } from './ets-errata';
import { compareVersions, serverTransport } from './ics';
import type { DutProfile, DutRole } from './dut-profile';

export type EtsStatus = 'automated' | 'not-automated' | 'placeholder' | 'delegated' | 'voided' | 'na-in-ets';

export const STATUS_TEXT: Record<EtsStatus, string> = {
  automated: 'automated',
  'not-automated': 'not automated yet',
  placeholder: 'placeholder (no procedure in the ETS)',
  delegated: 'delegated',
  voided: 'voided',
  'na-in-ets': 'N/A in the ETS',
};

export interface EtsCatalogueEntry {
  /** The ID in this edition, e.g. "LightweightM2M-1.1-int-101". */
  id: string;
  /** "int-101": the number every edition shares. */
  number: string;
  title: string;
  /** Interface heading, e.g. "Registration". */
  interface: string;
  status: EtsStatus;
  /** Delegated: the ID whose verdict this case takes. */
  delegatedTo?: string;
  /** Voided: by which revision, and the case to look at instead. */
  voidedBy?: string;
  seeInstead?: string;
  /** N/A in the ETS: the ETS's reason. */
  naReason?: string;
  /** The number the case has in later editions. */
  renumberedAs?: string;
  /** Mandatory for the role (needs no optional feature), conditional on `requires`, or none (no procedure). */
  classification: 'mandatory' | 'conditional' | 'none';
  requires: string[];
  /** The DUT roles its pass criteria judge. */
  judges: DutRole[];
  /** Whether it judges the DUT's role (true when no DUT was given). */
  forRole: boolean;
  /** The LwM2M version that introduced the case (1.2 for the 1.2-int cases). */
  introducedIn?: string;
  /** False when the case is newer than the DUT's LwM2M version. */
  forVersion?: boolean;
  /** Whether the DUT declares every feature in `requires` (true when no DUT was given). */
  declared: boolean;
  /** Appendix D weight, in percent of the whole (absent: no Appendix D block). */
  weight?: number;
  /** Known ETS errata about this case (IDs of ERRATA). */
  errata: string[];
  note?: string;
  featureFile?: string;
}

export interface EtsCatalogue {
  edition: EtsEdition;
  title: string;
  cases: EtsCatalogueEntry[];
}

export interface DutView {
  role: DutRole;
  lwm2mVersion?: string;
  /** Whether the DUT implements an optional feature (ICS, or the security mode it runs in). */
  declares: (feature: string) => boolean;
}

/** The DUT as the catalogue needs it: its role, and the features it implements (ICS plus its security mode). */
export function dutViewOf(
  profile: Pick<DutProfile, 'role' | 'ics' | 'security' | 'lwm2mVersion'> & Partial<Pick<DutProfile, 'serverDut'>>,
): DutView {
  const transport = serverTransport(profile);
  return {
    role: profile.role,
    lwm2mVersion: profile.lwm2mVersion,
    declares: (f) => profile.ics.includes(f) || f === `security-${profile.security.mode}` || f === `transport-${transport}`,
  };
}

const numberOf = (c: EtsCaseData) => `int-${c.n}`;
const standingIn = (c: EtsCaseData, edition: EtsEdition) => c.standingIn?.[edition] ?? c.standing;

/** The catalogue of `edition`, with `features` (the loaded feature files) deciding what is automated. */
export function etsCatalogue(edition: EtsEdition, features: readonly CatalogueCase[], dut?: DutView): EtsCatalogue {
  const inEdition = ETS_CASES.filter((c) => c.in.includes(edition));
  const weights = coverageWeights(inEdition.map((c) => c.n));
  const byNumber = new Map(inEdition.map((c) => [c.n, c]));
  const cases = inEdition.map((c): EtsCatalogueEntry => {
    const standing = standingIn(c, edition);
    const target = standing.kind === 'delegated' ? byNumber.get(standing.to) : undefined;
    const judges = target ? target.judges : c.judges;
    const forRole = !dut || judges.length === 0 || judges.includes(dut.role);
    const feature =
      features.find((f) => f.number === numberOf(c) && (!dut || f.role === dut.role)) ?? features.find((f) => f.number === numberOf(c));
    const automatedForRole = feature !== undefined && (!dut || feature.role === dut.role);
    const voided = c.voided?.in === edition ? c.voided : undefined;
    const status: EtsStatus = voided
      ? 'voided'
      : standing.kind === 'na'
        ? 'na-in-ets'
        : standing.kind === 'placeholder'
          ? 'placeholder'
          : standing.kind === 'delegated'
            ? 'delegated'
            : automatedForRole
              ? 'automated'
              : 'not-automated';
    const requires = automatedForRole ? feature.requires : [...(c.requires ?? [])];
    const hasProcedure = standing.kind === 'full' && !voided;
    const entry: EtsCatalogueEntry = {
      id: etsIdOf(c, edition),
      number: numberOf(c),
      title: c.title,
      interface: interfaceTitle(c.iface),
      status,
      classification: hasProcedure ? (requires.length > 0 ? 'conditional' : 'mandatory') : 'none',
      requires,
      judges: [...judges],
      forRole,
      introducedIn: c.label === '1.2' ? '1.2' : c.in.includes('1.0') ? '1.0' : '1.1',
      forVersion: true,
      declared: !dut || requires.every((f) => dut.declares(f)),
      weight: weights.get(c.n),
      errata: Object.entries(ERRATA)
        .filter(([, e]) => e.cases.includes(c.n))
        .map(([id]) => id),
    };
    if (dut?.lwm2mVersion && compareVersions(entry.introducedIn!, dut.lwm2mVersion) > 0) entry.forVersion = false;
    if (target) entry.delegatedTo = etsIdOf(target, edition);
    if (voided) {
      entry.voidedBy = voided.by;
      const see = voided.see === undefined ? undefined : byNumber.get(voided.see);
      if (see) entry.seeInstead = etsIdOf(see, edition);
    }
    if (standing.kind === 'na') entry.naReason = standing.why;
    if (c.renumberedAs !== undefined) entry.renumberedAs = etsIdOf({ ...c, n: c.renumberedAs }, '1.1');
    if (c.note) entry.note = c.note;
    if (feature && automatedForRole) entry.featureFile = feature.file;
    else if (feature && dut) entry.note = [entry.note, `Automated for an LwM2M ${feature.role} only.`].filter(Boolean).join(' ');
    return entry;
  });
  return { edition, title: EDITION_TITLES[edition], cases };
}

/** Figures `list` and the report print about a catalogue: how much of the ETS is automated. */
export function automationFigures(cat: EtsCatalogue): { withProcedure: number; automated: number } {
  const withProcedure = cat.cases.filter((c) => c.status === 'automated' || c.status === 'not-automated').length;
  return { withProcedure, automated: cat.cases.filter((c) => c.status === 'automated').length };
}

/** The text `lwm2m-conformance list` prints: every case ID of the edition and its standing. */
export function formatEtsCatalogue(cat: EtsCatalogue, dutLine?: string): string {
  const header = ['ID', 'Title', 'Interface', 'Status', 'Class', 'Needs'];
  const rows = cat.cases.map((c) => [
    c.id,
    c.title,
    c.interface,
    statusLine(c),
    c.classification === 'none' ? '-' : c.classification + (c.forRole ? '' : ' (other role)'),
    c.requires.length ? c.requires.join(', ') + (c.declared ? '' : ' (not declared)') : '-',
  ]);
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) =>
    cells
      .map((v, i) => (i === cells.length - 1 ? v : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w));
  const f = automationFigures(cat);
  const footer = [
    `${cat.title}`,
    `${cat.cases.length} test case IDs; ${f.withProcedure} with a procedure, ${f.automated} of them automated${dutLine ? ` (${dutLine})` : ''}`,
  ];
  return [line(header), line(rule), ...rows.map(line), '', ...footer].join('\n') + '\n';
}

/** "delegated to LightweightM2M-1.1-int-1630", "voided by …", "not automated yet", … */
export function statusLine(c: EtsCatalogueEntry): string {
  switch (c.status) {
    case 'delegated':
      return `delegated to ${c.delegatedTo}`;
    case 'voided':
      return `voided by ${c.voidedBy}${c.seeInstead ? ` (see ${c.seeInstead})` : ''}`;
    case 'na-in-ets':
      return `N/A in the ETS: ${c.naReason}`;
    default:
      return STATUS_TEXT[c.status];
  }
}
