/** A mistake in how the tool was called or configured: exit code 2, message for the user. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Errors that are the user's to fix (bad profile, catalogue, launch command): message and exit code 2. */
const CONFIGURATION_ERRORS = new Set(['ProfileError', 'CatalogueError', 'LaunchError', 'UsageError', 'MergeError']);

function isArgError(e: unknown): boolean {
  return typeof (e as { code?: string })?.code === 'string' && (e as { code: string }).code.startsWith('ERR_PARSE_ARGS');
}

/** What a command's error means for the user: a configuration error is printed and exits 2; any other is rethrown. */
export function exitCodeForError(e: unknown): number {
  if ((e instanceof Error && CONFIGURATION_ERRORS.has(e.name)) || isArgError(e)) {
    console.error(`lwm2m-conformance: ${(e as Error).message}`);
    if (e instanceof UsageError || isArgError(e)) console.error('Run "lwm2m-conformance help" for usage.');
    return 2;
  }
  throw e;
}
