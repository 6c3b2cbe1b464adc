import fs from 'node:fs';
import path from 'node:path';
import { openAuditDatabase } from '../audit/store.js';
import { verifyChain } from '../audit/verify.js';
import type { Config } from '../config/types.js';
import { resolvePrograms } from '../guards/command-programs.js';
import { isInside } from '../guards/path-match.js';
import { openDatabase } from '../guards/sql-open.js';
import {
  auditNotWritable, auditTampered, auditUnreadable, databaseMissing, databaseUnopenable, fileInsideRoot,
  programNotFound, relativePath, rootMissing, rootNotDirectory,
} from '../messages/config.js';
import { ok, problem, type Check } from './check.js';

const errorText = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** The root paths as written in the file, to tell a relative spelling from an absolute one. */
function givenRoots(configPath: string | undefined): unknown[] {
  if (!configPath) return [];
  try {
    const raw = JSON.parse(fs.readFileSync(configPath, 'utf8')) as { filesystem?: { roots?: Array<{ path?: unknown }> } };
    return raw.filesystem?.roots?.map((r) => r.path) ?? [];
  } catch {
    return [];
  }
}

/** Each root exists and is a folder; a missing relative root says where it resolved. */
export function checkRoots(config: Config): Check[] {
  const roots = config.filesystem.roots;
  if (roots.length === 0) return [ok('roots', 'no filesystem roots: the file tools can reach nothing (add filesystem.roots)')];
  const given = givenRoots(config.configPath);
  return roots.map((root, i) => {
    const key = `filesystem.roots[${i}].path`;
    const spelled = given[i];
    const relative = typeof spelled === 'string' && !path.isAbsolute(spelled) && !spelled.startsWith('~');
    let stat: fs.Stats | undefined;
    try { stat = fs.statSync(root.path); } catch { /* reported below */ }
    if (!stat) {
      if (relative && config.configPath) {
        return problem('root', 'fail', relativePath.build({ key, given: spelled as string, resolved: root.path, base: path.dirname(config.configPath) }));
      }
      return problem('root', 'fail', rootMissing.build({ key, path: root.path, configFile: config.configPath }));
    }
    if (!stat.isDirectory()) return problem('root', 'fail', rootNotDirectory.build({ key, path: root.path, configFile: config.configPath }));
    const via = relative ? ` (written ${JSON.stringify(spelled)}, relative to the config's folder)` : '';
    return ok('root', `${root.path} (${root.access}) is a folder${via}`);
  });
}

function real(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    try { return path.join(fs.realpathSync.native(path.dirname(file)), path.basename(file)); } catch { return path.resolve(file); }
  }
}

/** ARCHITECTURE.md §3's start-up warning, as doctor lines. */
export function checkInsideRoots(config: Config): Check[] {
  const writable = config.filesystem.roots.filter((r) => r.access === 'read-write').map((r) => ({ given: r.path, real: real(r.path) }));
  const files = [['config file', config.configPath], ['audit log', config.auditPath]] as const;
  const checks: Check[] = [];
  for (const [what, file] of files) {
    if (!file) continue;
    const root = writable.find((r) => isInside(r.real, real(file)));
    if (root) checks.push(problem('placement', 'warn', fileInsideRoot.build({ what, file, root: root.given })));
  }
  return checks.length ? checks : [ok('placement', 'the config and the audit log lie outside every writable root')];
}

function nearestExisting(file: string): string {
  let dir = path.dirname(file);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Why a new file could not be created at `file`, or undefined. */
function cannotCreate(file: string): string | undefined {
  const dir = nearestExisting(file);
  if (!fs.statSync(dir).isDirectory()) return `${dir} is a file, so the folder ${path.dirname(file)} cannot be created`;
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    return `${dir} is not writable by you`;
  }
  return undefined;
}

/** The audit log can be written, and its hash chain is intact. */
export async function checkAudit(config: Config): Promise<Check[]> {
  const file = config.auditPath;
  const configFile = config.configPath;
  if (!fs.existsSync(file)) {
    const why = cannotCreate(file);
    return [why ? problem('audit', 'fail', auditNotWritable.build({ file, reason: why, configFile }))
      : ok('audit', `${file} will be created at the first call`)];
  }
  try {
    fs.closeSync(fs.openSync(file, 'r+'));
    fs.accessSync(path.dirname(file), fs.constants.W_OK); // SQLite writes -wal and -shm beside it
  } catch (error) {
    return [problem('audit', 'fail', auditNotWritable.build({ file, reason: errorText(error), configFile }))];
  }
  let db;
  try {
    db = await openAuditDatabase(file, { readonly: true });
    const result = verifyChain(db);
    if (!result.ok) return [problem('audit', 'fail', auditTampered.build({ file, id: result.id, problem: result.problem }))];
    return [ok('audit', `${file} is writable; ${result.rows} rows, hash chain intact`)];
  } catch (error) {
    return [problem('audit', 'fail', auditUnreadable.build({ file, reason: (error as Error).message }))];
  } finally {
    db?.close();
  }
}

/** Each database opens with its access mode. */
export async function checkDatabases(config: Config): Promise<Check[]> {
  const checks: Check[] = [];
  for (const [name, db] of Object.entries(config.databases)) {
    if (!fs.existsSync(db.path)) {
      checks.push(problem('database', 'fail', databaseMissing.build({ name, path: db.path })));
      continue;
    }
    const readonly = db.access === 'read';
    try {
      if (!readonly) fs.accessSync(path.dirname(db.path), fs.constants.W_OK);
      const conn = await openDatabase(name, db.path, { readonly });
      try {
        const { n } = conn.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
        checks.push(ok('database', `${name}: ${db.path} opens ${readonly ? 'read-only' : 'read-write'} (${n} tables)`));
      } finally {
        conn.close();
      }
    } catch (error) {
      checks.push(problem('database', 'fail', databaseUnopenable.build({ name, path: db.path, access: db.access, reason: (error as Error).message })));
    }
  }
  return checks;
}

/** Each allowlisted program resolves from the trusted PATH. */
export function checkPrograms(config: Config, dirs?: readonly string[]): Check[] {
  const names = Object.keys(config.commands.allow);
  if (names.length === 0) return [ok('program', 'no programs allowlisted (run_command offers nothing)')];
  const resolution = resolvePrograms(config, dirs);
  return names.map((name) => {
    const found = resolution.programs.get(name);
    if (found) return ok('program', `${name} → ${found.path}`);
    const missing = resolution.unresolved.find((u) => u.name === name);
    return problem('program', 'fail', programNotFound.build({ name, reason: missing?.reason ?? 'not resolved' }));
  });
}
