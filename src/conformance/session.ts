/**
 * What every DUT session offers the World, whichever role the DUT plays: a client-DUT session
 * (Test Server, later the Test Bootstrap Server) for `@dut-client` cases, a server-DUT session
 * (Test Clients) for `@dut-server` cases. The World picks one from the case's tags.
 */
export type DutRole = 'client' | 'server' | 'bootstrap-server';

export interface DutSession {
  readonly role: DutRole;
  /** The ETS procedure step running now ("step 2", or "precondition" in a Given), named by a failure raised inside it. */
  currentStep: string;
  /** Starts the harness's peers for a case (not the DUT: a Given step does that). */
  start(): Promise<void>;
  /** Stops the DUT and the peers; always called, also after a failure. */
  close(): Promise<void>;
}

/** The role a case's tags give its DUT (`@dut-server`, `@dut-bootstrap-server`, else a client). */
export function roleOfTags(tags: readonly string[]): DutRole {
  if (tags.includes('@dut-bootstrap-server')) return 'bootstrap-server';
  return tags.includes('@dut-server') ? 'server' : 'client';
}
