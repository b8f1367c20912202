/**
 * Every test case ID of the OMA LwM2M ETS editions, as data: title, interface, the editions that
 * have it, what its pass criteria judge, the optional features it needs, and its standing in the
 * ETS (a full procedure, a placeholder heading, delegated to another case, N/A in the ETS,
 * voided). Whether the harness automates a case is NOT here: it is derived from the feature files,
 * so nothing in this file changes when a feature lands.
 *
 * Editions: "1.0" is ETS 1.0.x (the 1.0.1 text and what the approved 1.0.2 adds: int-1, -2, -3),
 * "1.1" the 2019 1.1 draft, "1.2" ETS INT 1.2 (1.2-A, with the 1.2.1-C changes). Facts are the
 * ETS's, the wording is ours; where an edition's content was inferred, `note` says so.
 */
import type { EtsEdition } from './ets-editions';

export type EtsStanding =
  /** Procedure and lettered pass criteria defined. */
  | { kind: 'full' }
  /** A heading without a procedure ("<Test Cases to fill-up>" / "paragraph"). */
  | { kind: 'placeholder' }
  /** The ETS takes this case's result from another case. */
  | { kind: 'delegated'; to: number }
  /** The ETS itself says the case does not apply (e.g. an object with no writable resources). */
  | { kind: 'na'; why: string };

export interface EtsCaseData {
  /** The case number, e.g. 101 (IDs are `LightweightM2M-<x.y>-int-<n>`). */
  n: number;
  /** `CONMGMT` for the two connectivity-management cases (`LightweightM2M-CONMGMT-<x.y>-int-<n>`). */
  prefix?: 'CONMGMT';
  title: string;
  /** Interface tag (see INTERFACES in catalogue.ts). */
  iface: 'bootstrap' | 'registration' | 'device-management' | 'information-reporting' | 'security' | 'objects' | 'multi-server';
  /** The editions that have the ID. */
  in: EtsEdition[];
  /** The version in the ID from edition 1.1 on: "1.1" for most, "1.2" for the nine 1.2-int cases. */
  label?: '1.1' | '1.2';
  /** Whose behaviour the pass criteria judge, as DUT roles; empty for cases without a procedure. */
  judges: ('client' | 'server' | 'bootstrap-server')[];
  /** Optional features (ICS names, as `@requires-…` tags name them) the case needs. */
  requires?: string[];
  standing: EtsStanding;
  /** A different standing in one edition (int-780 is a placeholder in INT 1.2). */
  standingIn?: Partial<Record<EtsEdition, EtsStanding>>;
  /** The edition whose revision voided the case, and what replaces it. */
  voided?: { in: EtsEdition; by: string; see?: number };
  /** The number the case has in a later edition (1.0-int-1210 became 1.1-int-1202). */
  renumberedAs?: number;
  /** A fact about the ETS text worth knowing when reading the verdict. */
  note?: string;
}

const FULL: EtsStanding = { kind: 'full' };
const HEADING: EtsStanding = { kind: 'placeholder' };
const ALL: EtsEdition[] = ['1.0', '1.1', '1.2'];
const LATER: EtsEdition[] = ['1.1', '1.2'];
const C: ('client' | 'server')[] = ['client'];
const CS: ('client' | 'server')[] = ['client', 'server'];
const NONE: ('client' | 'server')[] = [];
/** Judged on the client and the Bootstrap-Server (C + BS in the ETS). */
const CB: ('client' | 'bootstrap-server')[] = ['client', 'bootstrap-server'];

type Iface = EtsCaseData['iface'];
const full = (n: number, title: string, iface: Iface, editions: EtsEdition[], judges: EtsCaseData['judges'], requires: string[] = []) =>
  ({ n, title, iface, in: editions, judges, requires, standing: FULL }) satisfies EtsCaseData;
const heading = (n: number, title: string, iface: Iface, editions: EtsEdition[] = ALL) =>
  ({ n, title, iface, in: editions, judges: NONE, standing: HEADING }) satisfies EtsCaseData;
const delegated = (n: number, title: string, iface: Iface, to: number) =>
  ({ n, title, iface, in: ALL, judges: NONE, standing: { kind: 'delegated', to } }) satisfies EtsCaseData;

export const ETS_CASES: readonly EtsCaseData[] = [
  // Bootstrap interface (0-99)
  full(0, 'Client Initiated Bootstrap', 'bootstrap', ALL, CB, ['bootstrap-client-initiated']),
  full(1, 'Client Initiated Bootstrap Full (PSK)', 'bootstrap', ALL, CS, ['bootstrap-client-initiated', 'security-psk']),
  full(2, 'Client Initiated Bootstrap Full (Cert)', 'bootstrap', ALL, CS, ['bootstrap-client-initiated', 'security-x509']),
  full(3, 'Simple Bootstrap from Smartcard', 'bootstrap', ALL, C, ['bootstrap-smartcard']),
  full(4, 'Bootstrap Delete', 'bootstrap', LATER, CB, ['bootstrap-client-initiated']),
  full(5, 'Server Initiated Bootstrap', 'bootstrap', LATER, CS, ['bootstrap-server-initiated']),
  {
    ...full(6, 'Bootstrap Sequence', 'bootstrap', LATER, C, ['bootstrap-factory', 'bootstrap-client-initiated']),
    note: 'The wire shows only part of the order (smartcard, factory, registration, client-initiated bootstrap): started twice from a factory configuration with a server account and a Bootstrap-Server account (launch.factory), the DUT must register without bootstrapping while the server answers, and bootstrap then register when it never does. The smartcard step needs a smartcard the harness does not have; server-initiated bootstrap is int-5.',
  },
  full(7, 'Fallback to bootstrap', 'bootstrap', LATER, CS, ['bootstrap-client-initiated']),
  full(8, 'Bootstrap Read', 'bootstrap', LATER, CB, ['bootstrap-client-initiated']),
  full(9, 'Bootstrap and Configuration Consistency', 'bootstrap', LATER, C, ['bootstrap-client-initiated']),
  {
    ...full(10, 'Client Initiated Bootstrap Full (EST)', 'bootstrap', ['1.2'], CS, ['bootstrap-client-initiated', 'bootstrap-est']),
    note: 'Labelled 1.1 but attested only in INT 1.2 (not in the visible 2019 TestFest rows).',
  },
  {
    ...full(11, 'Client Initiated Bootstrap (OSCORE)', 'bootstrap', ['1.2'], CS, ['bootstrap-client-initiated', 'oscore']),
    label: '1.2',
  },
  {
    ...full(12, 'Bootstrap via Bootstrap-Pack-Request', 'bootstrap', ['1.2'], CS, ['bootstrap-pack']),
    label: '1.2',
    note: 'The ETS says the Bootstrap-Pack is answered 2.04; a GET is answered 2.05 (erratum).',
  },
  { ...full(19, 'Client Initiated Bootstrap over MQTT', 'bootstrap', ['1.2'], CS, ['transport-mqtt']), label: '1.2' },

  // Registration interface (100-199)
  full(101, 'Initial Registration', 'registration', ALL, CS),
  full(102, 'Registration Update', 'registration', ALL, CS),
  full(103, 'Deregistration', 'registration', ALL, CS, ['server-disable']),
  full(104, 'Registration Update Trigger', 'registration', ALL, CS),
  full(105, 'Discarded Register Update', 'registration', LATER, CS),
  full(106, 'TCP Binding', 'registration', LATER, CS, ['transport-tcp']),
  full(107, 'Extending the lifetime of a registration', 'registration', LATER, CS),
  full(108, 'Turn on Queue Mode', 'registration', LATER, CS, ['queue-mode']),
  full(109, 'Behavior in Queue Mode', 'registration', LATER, CS, ['queue-mode']),
  { ...full(110, 'Initial Registration using Profile ID', 'registration', ['1.2'], CS, ['profile-id']), label: '1.2' },
  { ...full(111, 'Registration with Profile ID and Object List', 'registration', ['1.2'], CS, ['profile-id', 'object-4']), label: '1.2' },

  // Device Management & Service Enablement interface (200-299)
  full(201, 'Querying basic information in Plain Text format', 'device-management', ALL, C, ['format-text']),
  heading(202, 'Querying basic information in Opaque format', 'device-management'),
  full(203, 'Querying basic information in TLV format', 'device-management', ALL, C, ['format-tlv']),
  full(204, 'Querying basic information in JSON format', 'device-management', ALL, C, ['format-json']),
  full(205, 'Setting basic information in Plain Text format', 'device-management', ALL, C, ['format-text', 'format-tlv']),
  heading(210, 'Setting basic information in Opaque format', 'device-management'),
  full(211, 'Querying basic information in CBOR format', 'device-management', LATER, C, ['format-cbor']),
  full(212, 'Setting basic information in CBOR format', 'device-management', LATER, C, ['format-cbor']),
  full(215, 'Setting basic information in TLV format', 'device-management', ALL, C, ['format-tlv']),
  full(220, 'Setting basic information in JSON format', 'device-management', ALL, C, ['format-json']),
  full(221, 'Attempt to perform operations on Security', 'device-management', LATER, C),
  full(222, 'Read on Object', 'device-management', LATER, C),
  full(223, 'Read on Object Instance', 'device-management', LATER, C),
  full(224, 'Read on Resource', 'device-management', LATER, C),
  full(225, 'Read on Resource Instance', 'device-management', LATER, C),
  full(226, 'Write (Partial Update) on Object Instance', 'device-management', LATER, C),
  full(227, 'Write (replace) on Resource', 'device-management', LATER, C),
  full(228, 'Write on Resource Instance', 'device-management', LATER, C, ['object-16']),
  {
    ...full(229, 'Read-Composite Operation', 'device-management', LATER, C, ['composite']),
    voided: { in: '1.2', by: 'ETS INT 1.2.1-C (2024-03-12)', see: 280 },
  },
  full(230, 'Write-Composite Operation', 'device-management', LATER, C, ['composite', 'object-16']),
  full(231, 'Querying basic information in SenML JSON format', 'device-management', LATER, C, ['format-senml-json']),
  full(232, 'Querying basic information in SenML CBOR format', 'device-management', LATER, C, ['format-senml-cbor']),
  full(233, 'Setting basic information in SenML CBOR format', 'device-management', LATER, C, ['format-senml-cbor', 'object-16']),
  full(234, 'Setting basic information in SenML JSON format', 'device-management', LATER, C, ['format-senml-json', 'object-16']),
  full(235, 'Read-Composite Operation on root path', 'device-management', LATER, C, ['composite']),
  full(236, 'Read-Composite - Partial Presence', 'device-management', LATER, C, ['composite']),
  full(237, 'Read on Object without specifying Content-Type', 'device-management', LATER, CS),
  full(241, 'Executable Resource: Rebooting the device', 'device-management', ALL, C),
  full(256, 'Write Operation Failure', 'device-management', LATER, C),
  full(257, 'Write-Composite Operation (Server + Device)', 'device-management', LATER, C, ['composite']),
  full(260, 'Discover Command', 'device-management', ALL, C),
  full(261, 'Write-Attribute Operation on a multiple resource', 'device-management', LATER, C),
  { ...full(264, 'Discover with depth 1', 'device-management', ['1.2'], C), label: '1.2' },
  { ...full(266, 'Discover with depth (2/3)', 'device-management', ['1.2'], C), label: '1.2' },
  delegated(270, 'Create Object Instance', 'device-management', 1630),
  heading(271, 'Create Multiple Resource Instance', 'device-management'),
  full(280, 'Successful Read-Composite Operation', 'device-management', LATER, C, ['composite']),
  full(281, 'Partially Successful Read-Composite Operation', 'device-management', LATER, C, ['composite']),
  delegated(290, 'Delete Object Instance', 'device-management', 1635),

  // Information Reporting interface (300-399)
  full(301, 'Observation and Notification of parameter values', 'information-reporting', ALL, C),
  full(302, 'Cancel Observations using Reset Operation', 'information-reporting', ALL, C),
  full(303, 'Cancel observations using Observe with Cancel parameter', 'information-reporting', ALL, C),
  full(304, 'Observe-Composite Operation', 'information-reporting', LATER, C, ['composite']),
  full(305, 'Cancel Observation-Composite Operation', 'information-reporting', LATER, C, ['composite']),
  full(306, 'Send Operation', 'information-reporting', LATER, CS, ['send']),
  full(307, 'Muting Send', 'information-reporting', LATER, C, ['send']),
  full(308, 'Observe-Composite and Creating Object Instance', 'information-reporting', LATER, C, ['composite', 'object-16']),
  full(309, 'Observe-Composite and Deleting Object Instance', 'information-reporting', LATER, C, ['composite', 'object-16']),
  full(310, 'Observe-Composite and modification of parameter values', 'information-reporting', LATER, C, ['composite']),
  full(311, 'Send command', 'information-reporting', LATER, CS, ['send']),
  { ...full(312, 'Observe with attributes as parameters', 'information-reporting', ['1.2'], C), label: '1.2' },
  { ...full(313, 'Observe parameters override attributes', 'information-reporting', ['1.2'], C), label: '1.2' },

  // Security (400-499)
  full(401, 'UDP Channel Security - Pre-shared Key Mode', 'security', ALL, CS, ['security-psk']),
  {
    ...full(402, 'UDP Channel Security - Certificate mode', 'security', LATER, CS, ['security-x509']),
    note: 'The INT 1.2 heading names it 1.0-int-402; the case is reported as 1.1-int-402 like its neighbours.',
  },
  full(403, 'Certificate - server identity check failure', 'security', LATER, C, ['security-x509']),
  full(404, 'TCP channel security - TLS certificate', 'security', LATER, CS, ['transport-tcp', 'security-x509']),
  {
    ...full(405, 'OSCORE', 'security', LATER, CS, ['oscore']),
    note: 'The ETS cites configuration C.19; C.22 (OSCORE) is meant (erratum).',
  },
  full(406, 'TCP channel security - TLS PSK', 'security', LATER, CS, ['transport-tcp', 'security-psk']),

  // Server object /1 (550-599)
  delegated(551, 'Access Check to the Resources (Server object)', 'objects', 215),
  { ...heading(555, 'Check of the Disable (De-Registration) capability', 'objects'), note: 'int-103 partially addresses it.' },
  delegated(556, 'Check of the Update Registration capability', 'objects', 104),
  heading(560, 'Delayed Report Notification', 'objects'),
  heading(565, 'Create Object Instance (Server object)', 'objects'),
  heading(566, 'Delete Object Instance (Server object)', 'objects'),
  // Device object /3 (650-699)
  full(651, 'Check Access to the Resources (Device object)', 'objects', ALL, C),
  full(652, 'Querying the firmware version from the client', 'objects', ALL, C),
  delegated(655, 'Check of the "Reboot" capability', 'objects', 241),
  heading(656, 'Check of the "Factory Reset" capability', 'objects'),
  heading(657, 'Check of the "Error Code" functionality', 'objects'),
  delegated(660, 'Basic Observation and notification of Device Object Resources', 'objects', 301),
  heading(661, 'Extended Observation and notification of Device Object Resources', 'objects'),
  heading(670, 'Create Multiple Resource Instances (Device object)', 'objects'),
  full(680, 'Create Object Instance (Device object)', 'objects', ALL, C),
  full(685, 'Delete Object Instance (Device object)', 'objects', ALL, C),
  // Connectivity Monitoring /4 (700-749)
  full(701, 'Querying the readable resources of object (Connectivity Monitoring)', 'objects', ALL, C, ['object-4']),
  {
    n: 705,
    title: 'Setting the writable resources (Connectivity Monitoring)',
    iface: 'objects',
    in: ALL,
    judges: NONE,
    standing: { kind: 'na', why: 'the object has no writable resources' },
  },
  full(710, 'Basic Observation and notification on Connectivity Monitoring Object Resources', 'objects', ALL, C, ['object-4']),
  heading(711, 'Extended Observation and notification (Connectivity Monitoring)', 'objects'),
  heading(720, 'Create Multiple Resource Instances (Connectivity Monitoring)', 'objects'),
  heading(730, 'Create Object Instance (Connectivity Monitoring)', 'objects'),
  heading(735, 'Delete Object Instance (Connectivity Monitoring)', 'objects'),
  // Firmware Update /5 (750-799)
  full(751, 'Querying the readable resources (Firmware Update)', 'objects', ALL, C, ['object-5']),
  full(755, 'Setting the writable Resource Package', 'objects', ALL, C, ['object-5']),
  full(756, 'Setting the writable Resource Package URI', 'objects', ALL, C, ['object-5']),
  full(760, 'Basic Observation and notification on Firmware Update Object Resources', 'objects', ALL, C, ['object-5']),
  full(770, 'Successful Firmware update (via CoAP)', 'objects', ALL, C, ['object-5']),
  full(771, 'Successful Firmware update (via alternative mechanism)', 'objects', ALL, C, ['object-5']),
  full(772, 'Error Case 1: firmware installation without downloaded package', 'objects', ALL, C, ['object-5']),
  full(773, 'Error Case 2: shortage of storage memory', 'objects', ALL, C, ['object-5']),
  {
    ...full(774, 'Error Case 3: out of memory', 'objects', ALL, C, ['object-5']),
    note: 'The ETS expects Update Result 2 in one criterion; 3 (out of RAM) is meant (OMA issue #375).',
  },
  full(775, 'Error Case 4: Connection lost during download (package URI)', 'objects', ALL, C, ['object-5']),
  full(776, 'Error Case 5: Package Integrity check failure', 'objects', ALL, C, ['object-5']),
  {
    ...full(777, 'Error Case 6: unsupported package type', 'objects', ALL, C, ['object-5']),
    note: 'The ETS expects a final State 1; 0 (Idle) is meant (OMA issue #374).',
  },
  full(778, 'Error Case 7: invalid URI (package URI)', 'objects', ALL, C, ['object-5']),
  full(779, 'Error Case 8: Unsuccessful Firmware Update', 'objects', ALL, C, ['object-5']),
  {
    ...full(780, 'Error Case 9: Unsupported protocol', 'objects', ALL, C, ['object-5']),
    standingIn: { '1.1': HEADING, '1.2': HEADING },
    note: 'A procedure in ETS 1.0.1 (its text was not read for this catalogue); a heading only from the 1.1 draft on (inferred for 1.1).',
  },
  // Location /6 (800-849)
  full(801, 'Querying the readable resources of object (Location)', 'objects', ALL, C, ['object-6']),
  {
    n: 805,
    title: 'Setting the writable resources (Location)',
    iface: 'objects',
    in: ALL,
    judges: NONE,
    standing: { kind: 'na', why: 'the object has no writable resources' },
  },
  full(810, 'Basic Observation and notification on Location Object Instance', 'objects', ALL, C, ['object-6']),
  heading(811, 'Extended Observation and notification (Location)', 'objects'),
  heading(820, 'Create Multiple Resource Instances (Location)', 'objects'),
  heading(830, 'Create Object Instance (Location)', 'objects'),
  heading(835, 'Delete Object Instance (Location)', 'objects'),
  // Connectivity Statistics /7 (900-949)
  {
    ...full(901, 'Querying a Data Collection from Connectivity Object Instance', 'objects', ALL, C, ['object-7']),
    note: 'Criterion H lists Connectivity Monitoring (/4) resources; /7 resources are meant (OMA issue #236).',
  },
  full(905, 'Setting the writable resources (Connectivity Statistics)', 'objects', ALL, C, ['object-7']),
  full(910, 'Basic Observation and notification on Connectivity Statistics Object Instance', 'objects', ALL, C, ['object-7']),
  heading(911, 'Extended Observation and notification (Connectivity Statistics)', 'objects'),
  heading(920, 'Create Multiple Resource Instances (Connectivity Statistics)', 'objects'),
  heading(930, 'Create Object Instance (Connectivity Statistics)', 'objects'),
  heading(935, 'Delete Object Instance (Connectivity Statistics)', 'objects'),
  // Multi-Servers context (950-999)
  full(950, 'Multi-Servers Registration', 'multi-server', ALL, C, ['multi-server']),
  full(951, 'Multi-Servers & Attributes', 'multi-server', ALL, C, ['multi-server']),

  // Further objects (1000+)
  full(1200, 'Querying the readable resources of Object ID:10', 'objects', ALL, C, ['object-10']),
  full(1201, 'Querying the readable resources of Object ID:10 in version 1.1', 'objects', ALL, C, ['object-10']),
  full(1202, 'Setting the Power Saving Mode Resources of Object ID:10', 'objects', LATER, C, ['object-10']),
  full(1203, 'Observation and notification of the Power Saving Mode Resources of Object ID:10', 'objects', LATER, C, ['object-10']),
  full(1204, 'Observation and notification of the PSM and eDRX timers of Object ID:10', 'objects', LATER, C, ['object-10']),
  {
    ...full(1210, 'Setting the Power Saving Mode Resources of Object ID:10 (version 1.1 only)', 'objects', ['1.0'], C, ['object-10']),
    renumberedAs: 1202,
  },
  {
    ...full(1230, 'Observation and notification on Object ID:10 related to Power Saving Mode Resources', 'objects', ['1.0'], C, [
      'object-10',
    ]),
    renumberedAs: 1203,
  },
  { ...full(1250, 'APN configuration', 'objects', ALL, C, ['object-10', 'object-11']), prefix: 'CONMGMT' },
  {
    ...full(1350, 'Bearer Selection', 'objects', ALL, C, ['object-13']),
    prefix: 'CONMGMT',
    note: 'Its one pass criterion is that the Bearer Selection object lets the server choose the interface the client communicates over: after the Create of /13 with WLAN preferred (/13/0/0 = 7) the client must move to WLAN and send an Update from its new address, and move back after a Write of 3GPP PS preferred (1). That needs a device with a WLAN and a cellular interface and a Test Server reachable over both (and the WLAN object /12, which the harness does not load). On the loopback network no address changes, so a run could only show the Create and Write answered and would report the criterion INCONC against every client, a correct one included: not automated.',
  },
  heading(1600, 'Querying the readable resources (Portfolio)', 'objects'),
  heading(1605, 'Setting the writable resources (Portfolio)', 'objects'),
  heading(1610, 'Basic Observation and notification (Portfolio)', 'objects'),
  heading(1611, 'Extended Observation and notification (Portfolio)', 'objects'),
  heading(1620, 'Create Multiple Resource Instances (Portfolio)', 'objects'),
  full(1630, 'Create Portfolio Object Instance', 'objects', ALL, C, ['object-16']),
  full(1635, 'Delete Portfolio Object Instance', 'objects', ALL, C, ['object-16']),
  full(1900, 'BinaryAppDataContainer: observation', 'objects', LATER, C, ['object-19']),
  full(1901, 'BinaryAppDataContainer: write Data', 'objects', LATER, C, ['object-19']),
  {
    ...full(2000, 'Event Log: LogStart', 'objects', LATER, C, ['object-20']),
    note: 'The ETS writes and reads /20/0/4011, an Execute-only resource (OMA issues #476, #574).',
  },
  full(2001, 'Event Log: read', 'objects', LATER, C, ['object-20']),
];

/** Optional features the catalogue names that no automated case uses yet (so ics.ts does not know them). */
export const PLANNED_FEATURES: Record<string, string> = {
  'bootstrap-smartcard': 'bootstrap from a smartcard',
  'bootstrap-est': 'bootstrap with certificate enrolment over EST (security mode 4)',
  'bootstrap-pack': 'the Bootstrap-Pack-Request (LwM2M 1.2)',
  oscore: 'OSCORE (object /21)',
  'transport-mqtt': 'the MQTT transport (LwM2M 1.2)',
  'profile-id': 'registration with a Profile ID (LwM2M 1.2)',
  'multi-server': 'two or more LwM2M Server accounts',
  'object-11': 'APN Connection Profile object (/11)',
  'object-13': 'Bearer Selection object (/13)',
};
