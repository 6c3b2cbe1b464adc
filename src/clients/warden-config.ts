import fs from 'node:fs';
import { ConfigNotFoundError, locateConfig, lookupOrder, type Located } from '../config/load.js';
import { loadConfig } from '../startup.js';
import { ConfigError } from '../config/issues.js';
import type { Config } from '../config/types.js';
import { configInvalid, configMissing, configNotFound } from '../messages/config.js';
import type { Message } from '../messages/message.js';
import type { Host } from './hosts.js';

export type ConfigLoad =
  | { ok: true; config: Config; located: Located }
  | { ok: false; located?: Located; message: Message };

/** Finds and loads mcp-warden's config by the lookup order; problems come back as messages, never as an exit. */
export function loadWardenConfig(flag: string | undefined, host: Host): ConfigLoad {
  const options = { flag, env: host.env, cwd: host.cwd };
  const located = locateConfig(options);
  if (!located) return { ok: false, message: configNotFound.build({ looked: lookupOrder(options) }) };
  if (!fs.existsSync(located.path)) return { ok: false, located, message: configMissing.build({ file: located.path, from: located.from }) };
  try {
    return { ok: true, config: loadConfig(options), located };
  } catch (error) {
    if (error instanceof ConfigError) {
      const issues = error.issues.map((i) => `${i.path || '(top level)'}: ${i.message}`);
      return { ok: false, located, message: configInvalid.build({ file: located.path, issues }) };
    }
    if (error instanceof ConfigNotFoundError) return { ok: false, message: configNotFound.build({ looked: lookupOrder(options) }) };
    throw error;
  }
}
