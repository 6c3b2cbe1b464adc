import { currentHost, type Host } from './hosts.js';

/** What the setup, import and doctor verbs touch of the world; tests pass their own. */
export interface VerbIO {
  host: Host;
  out(text: string): void;
  err(text: string): void;
  now(): Date;
  /** The node binary and install folder written into `local` entries. */
  install?: { node: string; root: string };
}

/** This machine and its clock; the verb hands in its output streams (src/cli/args.ts), since only cli writes to them. */
export function processIO(streams: Pick<VerbIO, 'out' | 'err'>, partial: Partial<VerbIO> = {}): VerbIO {
  return { host: currentHost(), ...streams, now: () => new Date(), ...partial };
}
