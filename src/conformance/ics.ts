/**
 * The ICS (implementation conformance statement): which optional features a DUT implements,
 * and from it whether a test case applies to the DUT and which OMA ID it is reported under.
 */
import type { CatalogueCase } from './catalogue';
import type { DutProfile } from './dut-profile';
import type { ServerDutParts } from './server-profile';
import { missingActions, missingPlaceholders, passedPlaceholders, type ActionName } from './actions/types';

/** Every optional feature a `@requires-<name>` tag or a profile's `ics:` list may name. */
export const KNOWN_FEATURES: Record<string, string> = {
  'server-disable': 'Server object Disable (/1/x/4) and Disable Timeout (/1/x/5)',
  'format-text': 'plain text content format (0) for single resources',
  'format-opaque': 'opaque content format (42) for opaque resources',
  'format-cbor': 'CBOR content format (60) for single resources',
  'format-tlv': 'OMA TLV content format (11542)',
  'format-json': 'OMA JSON content format (11543, LwM2M 1.0)',
  'format-senml-json': 'SenML JSON content format (110)',
  'format-senml-cbor': 'SenML CBOR content format (112)',
  'format-lwm2m-cbor': 'LwM2M CBOR content format (11544, LwM2M 1.2)',
  'security-psk': 'DTLS with a pre-shared key (security mode 0)',
  'security-rpk': 'DTLS with a raw public key (security mode 1)',
  'security-x509': 'DTLS with X.509 certificates (security mode 2)',
  'transport-tcp': 'CoAP over TCP / TLS binding (RFC 8323, binding T)',
  'transport-udp': 'CoAP over UDP / DTLS binding (binding U) with its message layer (ACK, RST)',
  oscore: 'OSCORE (RFC 8613) to the LwM2M Server: the Test Server account linked to an OSCORE object /21 instance (LwM2M 1.1)',
  'queue-mode': 'queue mode (binding flag Q / queue mode registration)',
  send: 'the Send operation (client to server, LwM2M 1.1)',
  composite: 'Read-Composite, Write-Composite and Observe-Composite (LwM2M 1.1)',
  'observe-composite': 'Observe-Composite: FETCH with Observe on a list of paths (LwM2M 1.1)',
  'mute-send': 'the Mute Send resource of the Server object (/1/x/23, LwM2M 1.1)',
  'bootstrap-client-initiated': 'client-initiated bootstrap',
  'bootstrap-server-initiated': 'server-initiated bootstrap (Bootstrap-Request Trigger /1/x/9)',
  'bootstrap-factory': 'factory bootstrap: server accounts configured in the device before it starts',
  'bootstrap-smartcard': 'bootstrap from a smartcard',
  'bootstrap-pack': 'Bootstrap-Pack-Request (GET /bspack, LwM2M 1.2)',
  'multi-server': 'several LwM2M Server accounts at once, each with its own registration and attributes (ETS C.14)',
  'object-2': 'Access Control object (/2)',
  'object-4': 'Connectivity Monitoring object (/4)',
  'object-5': 'Firmware Update object (/5)',
  'object-6': 'Location object (/6)',
  'object-7': 'Connectivity Statistics object (/7)',
  'object-16': 'Portfolio object (/16)',
  'object-10': 'Cellular Connectivity object (/10)',
  'object-11': 'APN Connection Profile object (/11), with instances the server may create',
  'object-19': 'BinaryAppDataContainer object (/19)',
  'object-20': 'Event Log object (/20)',
  'firmware-push': 'firmware delivered by a write of Package (/5/0/0, CoAP block-wise)',
  'firmware-pull': 'firmware fetched by the device from Package URI (/5/0/1, HTTP or CoAP)',
  sms: 'SMS binding',
};

export interface Applicability {
  applicable: boolean;
  /** The OMA ID the case is reported under for this DUT, e.g. "LightweightM2M-1.0-int-101". */
  reportedId: string;
  /** Why the case does not apply, as a sentence for the report (set when not applicable). */
  reason?: string;
}

/** Compares "x.y" version strings numerically (so "1.10" > "1.2"). */
export function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

/**
 * The ID a case is reported under: the one from the highest ETS edition not newer than the DUT's
 * LwM2M version (a 1.2 DUT gets 1.1 IDs when no 1.2 edition has the case). When every edition is
 * newer, the oldest one names the case.
 */
export function reportedIdFor(testCase: CatalogueCase, lwm2mVersion: string): string {
  const fitting = testCase.ids.filter((x) => compareVersions(x.edition, lwm2mVersion) <= 0);
  const sorted = [...(fitting.length > 0 ? fitting : testCase.ids)].sort((x, y) => compareVersions(x.edition, y.edition));
  return (fitting.length > 0 ? sorted[sorted.length - 1] : sorted[0]).id;
}

/** A server DUT's transport, from the scheme of its serverUri; undefined for a client DUT. */
export function serverTransport(profile: Pick<DutProfile, 'role'> & Partial<Pick<DutProfile, 'serverDut'>>): 'udp' | 'tcp' | undefined {
  if (profile.role !== 'server') return undefined;
  return /^coaps?\+tcp:/.test(profile.serverDut?.serverUri ?? '') ? 'tcp' : 'udp';
}

/** Whether the case applies to the DUT: role, LwM2M version, and every required optional feature. */
export function applicability(testCase: CatalogueCase, profile: DutProfile): Applicability {
  const reportedId = reportedIdFor(testCase, profile.lwm2mVersion);
  const na = (reason: string): Applicability => ({ applicable: false, reportedId, reason });
  if (testCase.role !== profile.role) {
    return na(`The case judges an LwM2M ${testCase.role}; the DUT is an LwM2M ${profile.role}.`);
  }
  if (compareVersions(testCase.introducedIn, profile.lwm2mVersion) > 0) {
    return na(`Introduced in LwM2M ${testCase.introducedIn}; the DUT declares ${profile.lwm2mVersion}.`);
  }
  // A security case runs only when the profile runs the DUT in that security mode.
  const modes = testCase.requires.filter((f) => f.startsWith('security-')).map((f) => f.slice('security-'.length));
  if (modes.length > 0 && !modes.includes(profile.security.mode)) {
    return na(
      `Runs with security mode ${modes.join(' or ')}; this profile runs the DUT in mode ${profile.security.mode} (set security.mode to judge it).`,
    );
  }
  // A server DUT is reached over the transport its serverUri names (coap+tcp:// or coaps+tcp://:
  // TCP, else UDP): that transport feature counts as declared, the other one as missing.
  const transport = serverTransport(profile);
  const other = transport === 'tcp' ? 'transport-udp' : 'transport-tcp';
  if (transport && testCase.requires.includes(other))
    return na(
      `Runs over ${other === 'transport-tcp' ? 'CoAP over TCP or TLS (RFC 8323)' : 'CoAP over UDP or DTLS'}; the profile's serverUri is ${profile.serverDut?.serverUri}.`,
    );
  // The security mode the profile runs in is implemented, declared or not.
  const missing = testCase.requires.filter(
    (f) => !profile.ics.includes(f) && f !== `security-${profile.security.mode}` && f !== `transport-${transport}`,
  );
  if (missing.length > 0) {
    const named = missing.map((f) => `${f} (${KNOWN_FEATURES[f] ?? 'unknown feature'})`).join(', ');
    return na(`Needs ${named}, which the DUT's ICS does not declare.`);
  }
  // A server DUT acts only through the profile's actions: a case needing one the profile lacks is N/A.
  const actions = testCase.tags.filter((t) => t.startsWith('@action-')).map((t) => t.slice('@action-'.length) as ActionName);
  const noAction = profile.role === 'server' ? missingActions(actions, profile.serverDut?.actions ?? {}) : undefined;
  if (noAction) return na(`Needs a way to make the server act: ${noAction}.`);
  const noPlaceholder =
    profile.role === 'server' ? missingPlaceholders(passedPlaceholders(testCase.tags), profile.serverDut?.actions ?? {}) : undefined;
  if (noPlaceholder) return na(`Needs a way to make the server act as the case asks: ${noPlaceholder}.`);
  // A Bootstrap Server DUT is configured per endpoint: a case whose script no endpoint runs is N/A.
  const scripts = testCase.tags.filter((t) => t.startsWith('@bootstrap-script-')).map((t) => t.slice('@bootstrap-script-'.length));
  const noScript = scripts.filter((s) => !profile.serverDut?.bootstrapScripts[s as keyof ServerDutParts['bootstrapScripts']]);
  if (profile.role === 'bootstrap-server' && noScript.length)
    return na(`Needs an endpoint the bootstrap server runs the "${noScript[0]}" script for (bootstrapScripts.${noScript[0]}).`);
  return { applicable: true, reportedId };
}
