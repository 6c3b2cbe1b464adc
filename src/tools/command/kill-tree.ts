import fs from 'node:fs';

/**
 * Every descendant of `pid`, found through /proc (Linux). Collected before anything is
 * killed, so a grandchild that started its own session or ignores SIGTERM is still
 * found while its parent lives. Elsewhere only the process group is known.
 */
export function descendants(pid: number): number[] {
  if (process.platform !== 'linux') return [];
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * Kills a detached child's process group and every descendant. Descendants are first
 * stopped, round by round until no new one appears (a stopped process cannot fork, so a
 * fork bomb cannot outrun the walk), then all are SIGKILLed.
 */
export function killTree(pid: number): void {
  const send = (target: number, signal: NodeJS.Signals) => {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  };
  const seen = new Set<number>();
  for (let round = 0; round < 8; round++) {
    send(-pid, 'SIGSTOP');
    send(pid, 'SIGSTOP');
    const found = descendants(pid).filter((p) => !seen.has(p));
    for (const p of found) {
      seen.add(p);
      send(p, 'SIGSTOP');
    }
    if (found.length === 0) break;
  }
  send(-pid, 'SIGKILL');
  send(pid, 'SIGKILL');
  for (const p of seen) send(p, 'SIGKILL');
}
