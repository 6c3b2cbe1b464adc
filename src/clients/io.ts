import { out, err } from '../cli/args.js';
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

export function processIO(partial: Partial<VerbIO> = {}): VerbIO {
  return { host: currentHost(), out, err, now: () => new Date(), ...partial };
}
