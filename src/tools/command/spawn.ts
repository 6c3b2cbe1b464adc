import { WardenError } from '../../errors.js';
import { killTree } from './kill-tree.js';
import { spawnInPidsCgroup } from '../../sandbox/pids-cgroup.js';
import type { LaunchRequest, WarmStart } from '../../sandbox/index.js';

/** The structured result of run_command (ARCHITECTURE.md §13). */
export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
}

/** A launch (the sandbox's argv, or the program itself) with the limits it runs under. */
export interface SpawnRequest extends LaunchRequest {
  maxOutputBytes: number;
  signal: AbortSignal;
  /** Live process groups of the session, killed if the server exits first (see index.ts). */
  live?: Set<number>;
  /** A pids cgroup to start the child in (root servers: RLIMIT_NPROC does not bind root). */
  pids?: { parent: string | undefined; max: number };
  /** A pre-warmed sandbox that runs this command instead of a new spawn (`file`, `args`, `env`, `stdin` unused). */
  warm?: WarmStart;
}

// After a kill, how long to wait for the pipes to close before giving up on them (a
// process that escaped the tree may still hold them).
const DRAIN_MS = 1000;

/** Collects up to `max` bytes of a stream; says when more came. */
class Capped {
  private chunks: Buffer[] = [];
  private size = 0;
  overflow = false;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): boolean {
    const room = this.max - this.size;
    if (chunk.length > room) {
      this.overflow = true;
      chunk = chunk.subarray(0, room);
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return !this.overflow;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs one program with execa (imported lazily: start-up time), never a shell, or hands
 * it to a pre-warmed sandbox (`warm`), which is then supervised exactly the same way. The
 * child gets its own process group; a timeout, a cancel or output past the cap kills
 * the whole tree (there is nothing more to return, and a flood must not cost the server).
 */
export async function spawnCapped(req: SpawnRequest): Promise<RunResult> {
  const { execa } = await import('execa');
  const started = performance.now();
  const out = new Capped(req.maxOutputBytes);
  const err = new Capped(req.maxOutputBytes);
  const { value: child, release } = req.warm
    ? { value: req.warm.child, release: req.warm.release }
    : spawnInPidsCgroup(req.pids?.parent, req.pids?.max ?? 0, () => execa(req.file, req.args, {
      cwd: req.cwd, env: req.env, extendEnv: false, shell: false, detached: true, reject: false,
      buffer: false, stripFinalNewline: false, windowsHide: true, encoding: 'buffer',
      ...(req.stdin === undefined ? { stdin: 'ignore' as const } : { input: req.stdin }),
    }));
  const pid = child.pid;
  if (pid !== undefined) req.live?.add(pid);
  let timedOut = false;
  let stopped = false;
  let drained: () => void = () => {};
  const drainedAfterKill = new Promise<undefined>((resolve) => { drained = () => resolve(undefined); });
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (child.pid !== undefined) killTree(child.pid);
    setTimeout(drained, DRAIN_MS).unref();
  };
  child.stdout?.on('data', (c: Buffer) => { if (!out.push(c)) stop(); });
  child.stderr?.on('data', (c: Buffer) => { if (!err.push(c)) stop(); });
  const timer = setTimeout(() => { timedOut = true; stop(); }, req.timeoutMs);
  const onAbort = () => stop();
  req.signal.addEventListener('abort', onAbort, { once: true });
  // A cancel that came while the program was being prepared has no event left to fire.
  if (req.signal.aborted) stop();
  // From here on the warm sandbox is this command's: same timer, caps and kill as a cold one.
  req.warm?.start();
  try {
    const result = await Promise.race([child, drainedAfterKill]);
    if (result === undefined) {
      child.stdout?.destroy();
      child.stderr?.destroy();
    } else if (result.failed && result.exitCode === undefined && result.signal === undefined && !stopped) {
      throw new WardenError('failed', `${req.file} could not be started: ${result.originalMessage ?? result.shortMessage}.`, { step: 'execute', rule: 'command.spawn' });
    }
    return {
      exitCode: result?.exitCode ?? null,
      signal: result?.signal ?? (stopped ? 'SIGKILL' : null),
      stdout: out.text(),
      stderr: err.text(),
      timedOut,
      truncated: out.overflow || err.overflow,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    clearTimeout(timer);
    release();
    if (pid !== undefined) req.live?.delete(pid);
    req.signal.removeEventListener('abort', onAbort);
  }
}
