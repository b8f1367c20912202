/**
 * Known defects of the ETS texts that a case may work around. A case says it applied one by a
 * feature tag `@erratum-<id>` (always applied) or by a harness trace note whose detail is
 * `{ erratum: "<id>" }` (applied in this run); the report lists every erratum applied, per case and
 * for the run. See docs/report.md.
 */
export interface Erratum {
  /** Case numbers the erratum is about. */
  cases: number[];
  /** What the ETS says, what is meant, and the source. */
  text: string;
}

export const ERRATA: Record<string, Erratum> = {
  'post-for-resource-write': {
    cases: [105, 109, 228, 307],
    text: 'The ETS writes a resource with "CoAP POST"; a Write (replace) is a PUT (ETS INT 1.2 review).',
  },
  'int-0-configuration': { cases: [0], text: 'ETS 1.0.1 cites configuration C.14; C.13 (Bootstrap-Server contact) is meant.' },
  'int-12-bootstrap-pack-code': { cases: [12], text: 'The Bootstrap-Pack (a GET) is answered 2.05 Content, not 2.04 as printed.' },
  'int-215-replace-lifetime': {
    cases: [215],
    text: 'The replace (PUT /1/0) must carry the Lifetime resource, which the saved set lacks (OMA issue #236).',
  },
  'int-215-criterion-steps': { cases: [215], text: 'Criterion C cites steps "4" and "6"; steps 3 and 4 are meant.' },
  'int-220-json': { cases: [220], text: 'The 220-SetOfValues writes the number as 0101, which is not valid JSON; 101 is meant.' },
  'int-260-object-discover': {
    cases: [260],
    text: 'Step 3 discovers /3 and expects the instance attributes of /3/0 there; an object Discover shows object-level attributes only (TS 1.1; OMA issues #135/#234), so /3/0 is discovered, as INT 1.2 does.',
  },
  'int-303-cancel-level': {
    cases: [303],
    text: 'The cancel is sent on /3/0 while the observations are on /3/0/7 and /3/0/8; each observation is cancelled on its own path (OMA issue #236).',
  },
  'int-310-observe-value': { cases: [310], text: 'The ETS says "Observe=1" where registering an observation (Observe=0) is meant.' },
  'int-402-heading': { cases: [402], text: 'The INT 1.2 heading names the case 1.0-int-402; it is reported as 1.1-int-402.' },
  'int-405-configuration': { cases: [405], text: 'The ETS cites configuration C.19; C.22 (OSCORE) is meant.' },
  'deleted-code': { cases: [309, 1635], text: 'The ETS writes "2.04 Deleted"; a Delete is answered 2.02 Deleted.' },
  'int-266-object-attributes': {
    cases: [266],
    text: 'The depth-3 Discover of /3 is printed without its </3> line and with the pmin/pmax written on /3 shown on </3/0>; the target is listed first, with the attributes written on it.',
  },
  'int-651-restore-step': { cases: [651], text: 'Criterion C cites "step 7 … C.3"; step 4 and the saved initial values are meant.' },
  'int-756-resource-id': { cases: [756], text: 'The text says "ID:0"; the Package URI is /5/0/1.' },
  'int-770-771-push-pull': { cases: [770, 771], text: 'The preconditions of int-770 and int-771 have PUSH and PULL swapped.' },
  'int-774-result': { cases: [774], text: 'One criterion expects Update Result 2; 3 (out of RAM) is meant (OMA issue #375).' },
  'int-777-final-state': { cases: [777], text: 'The final State is printed as 1; 0 (Idle) is meant (OMA issue #374).' },
  'int-901-criterion-h': { cases: [901], text: 'Criterion H lists /4 resources; the /7 resources are meant (OMA issue #236).' },
  'int-1202-tlv': { cases: [1202], text: 'The printed TLV bytes ("C10 0D 02") are malformed.' },
  'int-1250-trigger-resource': {
    cases: [1250],
    text: 'The registration update is triggered by /1/0/8 (the ETS says "Resource ID:7 of Device Object"), and step 5 reads /10/0/11, not /10/11 (OMA issue #236).',
  },
  'int-1630-set-of-values': { cases: [1630], text: 'The 1630-SetOfValues writes to an executable resource (OMA issue #236).' },
  'int-1900-object-version': { cases: [1900], text: 'The ETS expects /19 version 1.1; the registry has version 1.0.' },
  'int-2000-execute-only': { cases: [2000], text: 'The ETS writes and reads /20/0/4011, which is Execute-only (OMA issues #476, #574).' },
  'c14-acl-targets': {
    cases: [950, 951],
    text: 'The ACL entries of configuration C.14 all target /2/0; one ACL instance per object instance is meant.',
  },
};

/** The erratum IDs a case applied: its `@erratum-…` tags and the harness notes of its trace. */
export function erratumIdsOf(tags: readonly string[], trace: readonly { layer: string; direction: string; detail?: unknown }[]): string[] {
  const ids = new Set<string>();
  for (const t of tags) if (t.startsWith('@erratum-')) ids.add(t.slice('@erratum-'.length));
  for (const e of trace) {
    const id = (e.detail as { erratum?: unknown } | undefined)?.erratum;
    if (e.layer === 'harness' && e.direction === 'note' && typeof id === 'string') ids.add(id);
  }
  return [...ids];
}
