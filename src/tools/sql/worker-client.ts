import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WardenError } from '../../errors.js';
import type { DatabaseConfig, RunRequest, RunResult } from './engine.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

// Compiled: dist/tools/sql/worker.js. Under tests (tsx): the .ts file, with tsx loaded.
const SELF = import.meta.url;
const FROM_SOURCE = SELF.endsWith('.ts');
const WORKER = fileURLToPath(new URL(FROM_SOURCE ? './worker.ts' : './worker.js', SELF));
const OPEN_TIMEOUT_MS = 15_000;

type Pending = { resolve: (r: WorkerReply) => void; child: ChildProcess };
type Message = WorkerRequest extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;

/**
 * The worker process of one database. Requests run one at a time; each races its
 * timeout and the call's AbortSignal, and the first to fire SIGKILLs the process, so
 * a runaway statement stops within the timeout while the server keeps answering.
 * The next request forks a fresh worker.
 */
export class SqlWorker {
  readonly #name: string;
  readonly #config: DatabaseConfig;
  readonly #maxBlobBytes: number;
  #child: ChildProcess | undefined;
  #opened: Promise<void> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  constructor(name: string, config: DatabaseConfig, maxBlobBytes: number) {
    this.#name = name;
    this.#config = config;
    this.#maxBlobBytes = maxBlobBytes;
  }

  /** Runs one statement in the worker; rejects with a WardenError (`timeout` when killed). */
  run(req: RunRequest, signal?: AbortSignal): Promise<RunResult> {
    const turn = this.#queue.then(() => this.#run(req, signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Kills the worker (tests, shutdown). */
  close(): void {
    this.#child?.kill('SIGKILL');
    this.#child = undefined;
  }

  async #run(req: RunRequest, signal?: AbortSignal): Promise<RunResult> {
    if (signal?.aborted) throw new WardenError('timeout', 'The call was cancelled before the statement ran.', { step: 'execute' });
    await this.#open();
    return (await this.#send({ op: 'run', ...req }, this.#config.timeoutMs, signal)) as RunResult;
  }

  #open(): Promise<void> {
    if (!this.#child) this.#opened = undefined;
    this.#opened ??= this.#send({ op: 'open', name: this.#name, config: this.#config, maxBlobBytes: this.#maxBlobBytes }, OPEN_TIMEOUT_MS)
      .then(() => undefined, (error) => { this.#opened = undefined; throw error; });
    return this.#opened;
  }

  #spawn(): ChildProcess {
    const child = fork(WORKER, [], {
      execArgv: [...(FROM_SOURCE ? ['--import', 'tsx'] : []), `--max-old-space-size=${this.#config.memoryLimitMb}`],
      // stdout of the server is the protocol: the worker never writes to it.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (reply: WorkerReply) => this.#pending.get(reply.id)?.resolve(reply));
    child.on('exit', () => {
      if (this.#child === child) this.#child = undefined;
      for (const [id, p] of this.#pending) if (p.child === child) p.resolve({ id, ok: false, error: { code: 'failed', message: `The worker of database ${this.#name} exited.`, step: 'execute' } });
    });
    child.unref();
    this.#idle(child);
    return child;
  }

  async #send(msg: Message, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    const child = (this.#child ??= this.#spawn());
    const id = this.#nextId++;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const reply = await new Promise<WorkerReply>((resolve) => {
      this.#pending.set(id, { resolve, child });
      const kill = (error: Record<string, unknown>) => {
        this.#pending.delete(id);
        // Forget it now: the next request must not reach a process that is dying.
        if (this.#child === child) this.#child = undefined;
        child.kill('SIGKILL');
        resolve({ id, ok: false, error });
      };
      timer = setTimeout(() => kill({ code: 'timeout', message: `The statement ran longer than ${timeoutMs} ms (databases.${this.#name}.timeoutMs) and was stopped.`, step: 'execute', rule: 'sql.timeout' }), timeoutMs);
      onAbort = () => kill({ code: 'timeout', message: 'The call was cancelled; the statement was stopped.', step: 'execute', rule: 'sql.cancelled' });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#busy(child);
      child.send({ ...msg, id } as WorkerRequest);
    }).finally(() => {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      this.#pending.delete(id);
      this.#idle(child);
    });
    if (reply.ok) return reply.result;
    const { code, message, ...detail } = reply.error as { code: WardenError['code']; message: string };
    throw new WardenError(code, message, detail);
  }

  // An idle worker must not keep the server alive after stdin closes; a busy one must,
  // so an in-flight statement can still answer.
  #busy(child: ChildProcess): void {
    child.channel?.ref();
  }

  #idle(child: ChildProcess): void {
    if (this.#pending.size === 0) child.channel?.unref();
  }
}
