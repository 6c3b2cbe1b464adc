import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { WardenError } from '../../errors.js';

const MiB = 1024 * 1024;
// util-linux prlimit, from system folders only (never a PATH the user controls).
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'];

/**
 * Caps the worker's data memory (RLIMIT_DATA: heap, anonymous maps, thread stacks) at
 * what it needed to start plus memoryLimitMb, so SQLite's own allocations, which
 * --max-old-space-size never sees, share that budget with V8's heap. Beyond it SQLite
 * fails with SQLITE_NOMEM and the worker lives on; V8 beyond it aborts the worker.
 * Linux only (prlimit(2) through util-linux); returns the limit set, or undefined.
 */
export function limitWorkerMemory(memoryLimitMb: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  const prlimit = PRLIMIT.find((file) => fs.existsSync(file));
  const base = /^VmData:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  if (!prlimit || !base) return undefined;
  const limit = Number(base[1]) * 1024 + memoryLimitMb * MiB;
  execFileSync(prlimit, ['--pid', String(process.pid), `--data=${limit}:${limit}`], { stdio: 'ignore', timeout: 5000 });
  return limit;
}

/**
 * SQLite's own view of the same budget. hard_heap_limit is only enforced by builds that
 * count their memory (better-sqlite3 builds with SQLITE_DEFAULT_MEMSTATUS=0, so there the
 * process limit above is what holds); the page cache is kept to a quarter of it.
 */
export function limitSqliteMemory(db: Database, memoryLimitMb: number): void {
  db.pragma(`hard_heap_limit = ${memoryLimitMb * MiB}`);
  const cacheKiB = Math.floor((memoryLimitMb * 1024) / 4);
  if (-Number(db.pragma('cache_size', { simple: true })) > cacheKiB) db.pragma(`cache_size = -${cacheKiB}`);
}

/** The refusal when SQLite ran out of the worker's memory budget. */
export function memoryLimitError(database: string, memoryLimitMb: number): WardenError {
  return new WardenError('too_large',
    `The statement needed more memory than the worker of database ${database} may use (databases.${database}.memoryLimitMb: ${memoryLimitMb} MB) and was stopped. `
    + 'Ask for less (a LIMIT, fewer or shorter values, no huge group_concat) or raise the limit.',
    { step: 'execute', rule: 'sql.memory_limit', memoryLimitMb });
}
