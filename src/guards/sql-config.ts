import { globProblem as whyNot } from '../glob/index.js';
import type { Config } from '../config/types.js';

/** Config problems of `databases` (bad globs, relative paths), by key path; a missing file is left to doctor. */
export function checkDatabases(config: Pick<Config, 'databases'>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const [name, db] of Object.entries(config.databases)) {
    if (!db.path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(db.path)) {
      problems.push({ path: `databases.${name}.path`, message: `expected an absolute path after loading, got ${JSON.stringify(db.path)}` });
    }
    for (const list of ['allow', 'deny'] as const) {
      db.tables[list].forEach((glob, i) => {
        const problem = globProblem(glob);
        if (problem) problems.push({ path: `databases.${name}.tables.${list}.${i}`, message: problem });
      });
    }
  }
  return problems;
}

function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'expected a table-name glob, got an empty string';
  const why = whyNot(glob, { strict: true, nocase: true });
  return why ? `expected a valid glob, got ${JSON.stringify(glob)} (${why})` : undefined;
}
