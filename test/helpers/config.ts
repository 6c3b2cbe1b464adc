import path from 'node:path';
import { ConfigSchema, type ConfigInput } from '../../src/config/schema/index.js';
import { ConfigError } from '../../src/config/issues.js';
import type { Config } from '../../src/config/types.js';

/**
 * A config as the loader hands it on, without the loader's file and path work: `input`
 * through the zod schema (defaults filled), the audit and config files placed in `dir`.
 */
export function makeConfig(input: ConfigInput, dir: string): Config {
  const parsed = ConfigSchema.parse(input);
  return Object.freeze({ ...parsed, auditPath: path.join(dir, 'audit.db'), configPath: path.join(dir, 'mcp-warden.json') });
}

/** The lines a user reads for the config error `fn` throws: `path: message`, one per problem. */
export function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError, but the config was accepted');
}
