/**
 * The ETS editions a report can be judged against, the ID each gives a case, and the edition that
 * fits a DUT's LwM2M version.
 */
export type EtsEdition = '1.0' | '1.1' | '1.2';
export const ETS_EDITIONS: readonly EtsEdition[] = ['1.0', '1.1', '1.2'];

/** The documents behind each edition, as a report names them. */
export const EDITION_TITLES: Record<EtsEdition, string> = {
  '1.0': 'ETS 1.0.x: OMA-ETS-LightweightM2M-V1_0_1 (2017) and V1_0_2-20180815-A (adds int-1, -2, -3)',
  '1.1': 'ETS 1.1: OMA-ETS-LightweightM2M_INT-V1_1-20190912-D (draft; no approved 1.1 ETS exists)',
  '1.2': 'ETS INT 1.2: OMA-ETS-LightweightM2M_INT-V1_2-20231003-A, with the V1_2_1-20240312-C changes',
};

/** OMA's entry criteria for a TestFest (ETS Appendix E.1): the cases a DUT passes before it attends. */
export const TESTFEST_ENTRY_CRITERIA: readonly number[] = [101, 102, 201, 203];

/**
 * The edition a DUT of this LwM2M version is judged against: the approved ETS 1.0.2 for a 1.0 DUT;
 * the approved INT 1.2, which covers 1.0, 1.1 and 1.2 features under the 1.1 numbering, for 1.1
 * and 1.2 DUTs (the 1.1 ETS never left draft; `list --edition 1.1` still shows it).
 */
export function editionFor(lwm2mVersion: string): EtsEdition {
  return lwm2mVersion === '1.0' ? '1.0' : '1.2';
}

/**
 * The ID a case has in an edition: `LightweightM2M-1.0-int-N` in 1.0.x; from 1.1 on, the version
 * that introduced the case in the 1.1 numbering (`1.1-int-N`, or `1.2-int-N` for the nine 1.2 cases).
 */
export function etsIdOf(c: { n: number; prefix?: string; label?: string }, edition: EtsEdition): string {
  const version = edition === '1.0' ? '1.0' : (c.label ?? '1.1');
  return `LightweightM2M-${c.prefix ? `${c.prefix}-` : ''}${version}-int-${c.n}`;
}
