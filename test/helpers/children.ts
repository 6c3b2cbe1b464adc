import { after } from 'node:test';

const live = new Set<number>();

/**
 * Servers a test file spawned. Any still running when the file's tests end are killed,
 * so a failed or timed-out test can never leave a process that keeps the runner (and
 * CI) waiting forever.
 */
export function trackChild(pid: number | undefined | null, exited?: { once(event: 'exit', fn: () => void): unknown }): void {
  if (!pid) return;
  live.add(pid);
  exited?.once('exit', () => live.delete(pid));
}

after(() => {
  for (const pid of live) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  live.clear();
});
