import type { ParsedConfig } from './schema/index.js';

/**
 * The loaded config: parsed, every path absolute, frozen. Each part of the server
 * reads its own section from it.
 */
export type Config = ParsedConfig & {
  /** Where the config came from (absent for built-in defaults). */
  readonly configPath?: string;
  /** The audit database, absolute. */
  readonly auditPath: string;
};
