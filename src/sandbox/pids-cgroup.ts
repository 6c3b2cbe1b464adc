import fs from 'node:fs';
import path from 'node:path';

// RLIMIT_NPROC never binds root, so a root server (CI, containers) bounds a command's
// process count with a pids cgroup when it can write one (cgroup v1 `pids` hierarchy,
// or a v2 hierarchy with the pids controller enabled). Best effort: none → no cgroup.

/** The server's own pids cgroup folder, when it is writable. */
export function findPidsCgroup(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  let lines: string[];
  try {
    lines = fs.readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n');
  } catch {
    return undefined;
  }
  const v1 = lines.map((l) => l.split(':')).find(([, ctl]) => ctl.split(',').includes('pids'));
  const v2 = lines.map((l) => l.split(':')).find(([id, ctl]) => id === '0' && ctl === '');
  const candidates = [
    v1 && path.join('/sys/fs/cgroup/pids', v1[2]),
    v2 && path.join('/sys/fs/cgroup', v2[2]),
  ].filter((d): d is string => !!d);
  return candidates.find((dir) => {
    try {
      fs.accessSync(path.join(dir, 'cgroup.procs'), fs.constants.W_OK);
      const v2Ok = !fs.existsSync(path.join(dir, 'cgroup.subtree_control'))
        || fs.readFileSync(path.join(dir, 'cgroup.subtree_control'), 'utf8').includes('pids');
      return v2Ok;
    } catch {
      return false;
    }
  });
}

let counter = 0;
// Cgroups not removed yet (still emptying); removed at exit at the latest.
const pending = new Set<string>();
let exitHook = false;
const removeDir = (dir: string): boolean => {
  try {
    fs.rmdirSync(dir);
    pending.delete(dir);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs `spawn` (which must fork synchronously) with the server briefly inside a fresh
 * child cgroup capped at `max` tasks, so the child is born there, then moves the server
 * back. Returns the spawn's result and a release that removes the cgroup later.
 */
export function spawnInPidsCgroup<T>(parent: string | undefined, max: number, spawn: () => T): { value: T; release(): void } {
  if (!parent) return { value: spawn(), release: () => {} };
  const dir = path.join(parent, `mcp-warden-${process.pid}-${++counter}`);
  try {
    fs.mkdirSync(dir);
    // The server's own threads count while it is inside, hence the margin.
    fs.writeFileSync(path.join(dir, 'pids.max'), String(max + 64));
    fs.writeFileSync(path.join(dir, 'cgroup.procs'), String(process.pid));
  } catch {
    try { fs.rmdirSync(dir); } catch { /* never created */ }
    return { value: spawn(), release: () => {} };
  }
  let value: T;
  try {
    value = spawn();
  } finally {
    try {
      fs.writeFileSync(path.join(parent, 'cgroup.procs'), String(process.pid));
    } catch {
      // Cannot happen for a folder we could write a moment ago; nothing better to do.
    }
  }
  pending.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => { for (const d of pending) removeDir(d); });
  }
  const release = () => {
    let tries = 0;
    const attempt = () => {
      if (!removeDir(dir) && ++tries < 20) setTimeout(attempt, 100).unref();
    };
    attempt();
  };
  return { value, release };
}
