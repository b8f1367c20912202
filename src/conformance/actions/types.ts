/**
 * Actions: how the harness makes a server DUT act. A server acts when someone asks it to (a REST
 * call, a line on its console, a command, an operator's click); the profile maps each action a
 * case needs to one of those, with placeholders. The harness then judges what arrives on the wire.
 */

/** The actions the server-side cases need, as the profile names them. */
export const ACTION_NAMES = [
  'read',
  'write',
  'write-partial',
  'execute',
  'create',
  'delete',
  'discover',
  'write-attributes',
  'observe',
  'cancel-observation',
  'cancel-observation-passive',
  /** What the server last received in notifications of {path} (its answer's value: those values). */
  'observed-value',
  /** What the server last received from the Test Client by Send (its answer's value: the values by path). */
  'sent-values',
  /** Read-Composite of {paths}; its answer's value: the values by path. */
  'read-composite',
  /** Write-Composite of {value} (an object: path → value). */
  'write-composite',
  /** Observe-Composite of {paths}; its answer's value: the values by path. */
  'observe-composite',
  /** Cancel the Observe-Composite of {paths} with Observe=1. */
  'cancel-observation-composite',
  /** Forget the Observe-Composite of {paths} (the next notification is answered RST). */
  'cancel-observation-composite-passive',
  'bootstrap-request-trigger',
  /** Update the firmware with the package in {package_file} (push: the server writes it to /5/0/0); its answer's value: the final Update Result. */
  'firmware-update',
  /** Update the firmware from {package_uri} (pull: the server writes it to /5/0/1); its answer's value: the final Update Result. */
  'firmware-update-uri',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** What placeholders an action's template may use, besides values captured from the DUT's output. */
export const ACTION_PLACEHOLDERS: Record<string, string> = {
  endpoint: "the Test Client's endpoint name",
  path: 'the LwM2M path acted on, e.g. /3/0/0',
  format: 'the content format asked for, by name (text, tlv, json, senml-json, senml-cbor, cbor, opaque), or empty',
  format_number: 'the same as a CoAP Content-Format number, or empty',
  value: 'the value to write (in an HTTP body: as JSON)',
  attributes: 'Write-Attributes as a query string, e.g. pmin=5&pmax=60',
  paths: 'the paths of a composite operation (in an HTTP body: a JSON array; elsewhere: comma-separated, e.g. /3/0/16,/1/0)',
  depth: 'the depth of a Discover (LwM2M 1.2: 0 to 3 levels below its path), or empty when the case asks for none',
  package_file: 'the absolute path of a firmware package file the harness wrote (firmware-update)',
  package_uri: 'the URI the device is to download a firmware package from, at the harness (firmware-update-uri)',
};

export interface HttpAction {
  kind: 'http';
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** HTTP statuses that mean the server did what was asked (default: any 2xx). */
  successStatus?: number[];
  /** RFC 6901 JSON pointer to the value in the answer (where a case checks what the server decoded). */
  valuePointer?: string;
  timeoutMs: number;
}

export interface StdinAction {
  kind: 'stdin';
  line: string;
  /** A regex on the DUT's output after the line that means success (default: none needed). */
  success?: string;
  /** A regex whose first group is the value, on the DUT's output after the line. */
  value?: string;
  timeoutMs: number;
}

export interface CommandAction {
  kind: 'command';
  command: string | string[];
  /** A regex whose first group, on the command's stdout, is the value. */
  value?: string;
  timeoutMs: number;
}

export interface ManualAction {
  kind: 'manual';
  instructions: string;
  /** How long the operator has (the step waits for the request on the wire this long). */
  timeoutMs: number;
}

export type ActionSpec = HttpAction | StdinAction | CommandAction | ManualAction;

/** What came of an action. `ok: false` means the DUT refused or failed to act (the evidence says how). */
export interface ActionOutcome {
  ok: boolean;
  /** The value the server reports (from the answer, its output or the command's), when the action names where. */
  value?: unknown;
  /** What happened, for the trace and a diagnosis: the HTTP status and body, the output line, ... */
  evidence: string;
  /** An operator was asked; no answer can be checked. */
  manual?: boolean;
  /** How long the caller should wait for the effect on the wire. */
  deadlineMs: number;
}

/** A value for a case's action: what is asked and with what. */
export interface ActionRequest {
  endpoint: string;
  path?: string;
  format?: string;
  value?: unknown;
  /** Write-Attributes, or the attributes an Observe carries as parameters (LwM2M 1.2). */
  attributes?: Record<string, string | number>;
  /** The depth of a Discover (LwM2M 1.2). */
  depth?: number;
  /** The paths of a composite operation. */
  paths?: string[];
  /** A firmware package file the harness wrote, and the URI it serves a package at. */
  packageFile?: string;
  packageUri?: string;
}

/** The texts of an action that placeholders are filled in. */
export function actionTemplates(spec: ActionSpec): string[] {
  switch (spec.kind) {
    case 'http':
      return [spec.url, spec.body ?? '', ...Object.values(spec.headers)];
    case 'stdin':
      return [spec.line];
    case 'command':
      return [spec.command].flat();
    case 'manual':
      return [spec.instructions];
  }
}

/**
 * What a case passes to an action, from its tags `@passes-<placeholder>-to-<action>` (a 1.2
 * Discover's `{depth}`, say): an action that never uses the placeholder cannot make the server do
 * what the case asks, which is the profile's gap, not the server's failure.
 */
export function passedPlaceholders(tags: readonly string[]): [action: ActionName, placeholder: string][] {
  return tags.flatMap((t) => {
    const m = /^@passes-([a-z_]+)-to-([a-z-]+)$/.exec(t);
    return m ? [[m[2] as ActionName, m[1]] as [ActionName, string]] : [];
  });
}

/** The first placeholder a case passes that the profile's action leaves out: the reason the case is N/A, or undefined. */
export function missingPlaceholders(
  passed: readonly [ActionName, string][],
  declared: Partial<Record<ActionName, ActionSpec>>,
): string | undefined {
  for (const [action, placeholder] of passed) {
    const spec = declared[action];
    if (spec && !actionTemplates(spec).some((t) => t.includes(`{${placeholder}}`)))
      return `the DUT profile's actions.${action} does not use {${placeholder}}, which the case passes on (${ACTION_PLACEHOLDERS[placeholder] ?? placeholder})`;
  }
  return undefined;
}

/** The actions a case needs, missing from a profile: the reason the case is N/A, or undefined. */
export function missingActions(needed: readonly ActionName[], declared: Partial<Record<ActionName, ActionSpec>>): string | undefined {
  const missing = needed.filter((a) => !declared[a]);
  if (missing.length === 0) return undefined;
  return `the DUT profile gives no way to make the server ${missing.join(', ')} (actions.${missing[0]})`;
}
