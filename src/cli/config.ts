import { ConfigNotFoundError } from '../config/load.js';
import { loadConfig } from '../startup.js';
import { ConfigError } from '../config/issues.js';
import type { Config } from '../config/types.js';
import { err } from './args.js';

/** Loads the config for a verb; on any problem prints it and exits 2. */
export function configOrExit(flag: string | undefined): Config {
  try {
    return loadConfig({ flag });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ConfigNotFoundError) {
      err(error.message);
      process.exit(2);
    }
    throw error;
  }
}
