import path from 'node:path';
import type { Config } from '../config/types.js';

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Start-up warnings (DESIGN §3): the config or audit file inside a writable root. */
export function startupWarnings(config: Config): string[] {
  const writable = config.filesystem.roots.filter((r) => r.access === 'read-write');
  const files = [['config file', config.configPath], ['audit log', config.auditPath]] as const;
  return files.flatMap(([what, file]) => {
    const root = file && writable.find((r) => inside(file, r.path));
    return root ? [`The ${what} ${file} lies inside the writable root ${root.path}. The file tools never touch it, but a command with write access could; move it outside the root.`] : [];
  });
}
