import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { spawnInPidsCgroup } from './pids-cgroup.js';

/** How a process ended, in the shape of execa's result (what spawn.ts reads of it). */
export interface Outcome {
  failed: boolean;
  exitCode?: number;
  signal?: string;
  originalMessage?: string;
  shortMessage?: string;
}

/** A started process as spawn.ts supervises it: execa's subprocess is one. */
export interface Started extends PromiseLike<Outcome> {
  pid?: number;
  stdout: Readable | null;
  stderr: Readable | null;
}

/** A started process that runs one command once `start` hands it over (see spawn.ts). */
export interface WarmStart {
  child: Started;
  /** Removes the process's pids cgroup once it has ended. */
  release(): void;
  start(): void;
}

/** Where spares are started from: bwrap, the launcher command after the view, and the pids cgroup. */
export interface SpareOptions {
  bwrap: string;
  launcher: readonly string[];
  pids?: { parent: string | undefined; max: number };
  /** How many spares to keep (default 1). */
  size?: number;
}

interface Spare {
  child: ChildProcess;
  ended: Promise<Outcome>;
  release(): void;
  key: string;
  stamp: number;
  dead: boolean;
  /** Handed a command: from then on spawn.ts owns it (timeout, kill, release). */
  started: boolean;
}

// An idle sandbox holds its mounts (a root on a removable disk stays busy): not for long.
const IDLE_MS = 30_000;

// Every unstarted spare of the process, killed when it exits (they also die with it:
// --die-with-parent). Killing the outer bwrap kills the sandbox: its pid 1 is killed
// when its parent dies, and with it every process of its pid namespace.
const waiting = new Set<Spare>();
let exitHook = false;
const kill = (s: Spare) => {
  if (s.dead || s.child.pid === undefined) return;
  try {
    process.kill(s.child.pid, 'SIGKILL');
  } catch {
    // gone already
  }
};

// The child and its pipes (sockets): unreferenced while idle, referenced once it runs a command.
const handles = (c: ChildProcess) => [c, c.stdin, c.stdout, c.stderr].filter((h) => h !== null) as unknown as Array<{ ref(): void; unref(): void }>;

/**
 * Pre-warmed bubblewrap sandboxes, kept ready for the next commands: their namespaces and
 * mounts are set up while nothing waits. Each is used once, only for exactly the view it
 * was built for (`key`) and only when no folder under the roots was read again since
 * (`stamp`); anything else kills it and the command starts cold. They never keep the
 * server alive, die with it, and are killed after a while unused. Started with
 * child_process rather than execa: this runs after every launch, and execa's set-up
 * costs the event loop about a millisecond.
 */
export function createSparePool(opts: SpareOptions) {
  const size = opts.size ?? 1;
  // Oldest first: the oldest has had the most time to set up.
  let spares: Spare[] = [];
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => { for (const s of waiting) kill(s); });
  }

  function take(key: string, stamp: number, payload: Buffer): WarmStart | undefined {
    let s: Spare | undefined;
    while ((s = spares.shift())) {
      if (s.dead) continue;
      if (s.key === key && s.stamp === stamp) break;
      kill(s);
    }
    if (!s) return undefined;
    const spare = s;
    const child: Started = { pid: spare.child.pid, stdout: spare.child.stdout, stderr: spare.child.stderr, then: (f, r) => spare.ended.then(f, r) };
    return {
      child,
      release: spare.release,
      start() {
        spare.started = true;
        waiting.delete(spare);
        for (const h of handles(spare.child)) h.ref();
        spare.child.stdin?.end(payload);
      },
    };
  }

  function fill(key: string, stamp: number, viewArgs: readonly string[]): void {
    const pids = opts.pids;
    const { value: child, release } = spawnInPidsCgroup(pids?.parent, pids?.max ?? 0, () => spawn(opts.bwrap, [...viewArgs, ...opts.launcher], {
      env: {}, detached: true, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true,
    }));
    const ended = new Promise<Outcome>((resolve) => {
      child.once('error', (e) => resolve({ failed: true, originalMessage: e.message, shortMessage: e.message }));
      child.once('close', (code, signal) => resolve({ failed: code !== 0, exitCode: code ?? undefined, signal: signal ?? undefined }));
    });
    const s: Spare = { child, ended, release, key, stamp, dead: false, started: false };
    spares.push(s);
    waiting.add(s);
    for (const h of handles(child)) h.unref();
    // Writing to a launcher that died (or a command that does not read stdin) is not an error.
    child.stdin?.on('error', () => {});
    const idle = setTimeout(() => {
      if (s.started) return;
      spares = spares.filter((x) => x !== s);
      kill(s);
    }, IDLE_MS);
    idle.unref();
    void ended.then(() => {
      s.dead = true;
      clearTimeout(idle);
      waiting.delete(s);
      spares = spares.filter((x) => x !== s);
      if (!s.started) release();
    });
  }

  return {
    /** Takes the oldest spare built for this view with nothing changed since; ends those that were not. */
    take,
    /** Starts one more spare for this view (`viewArgs` from bwrapViewArgs). */
    fill,
    /** Ends every spare (the view changed under them). */
    discard(): void {
      for (const s of spares) kill(s);
      spares = [];
    },
    /** Whether a live spare is there. */
    ready: () => spares.some((s) => !s.dead),
    /** Whether as many spares as wanted are there. */
    full: () => spares.filter((s) => !s.dead).length >= size,
  };
}

export type SparePool = ReturnType<typeof createSparePool>;
