import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, WardenError, type ErrorCode } from '../../errors.js';
import type { DatabaseConfig, RunRequest, RunResult } from './engine.js';
import { encode, LineReader, MAX_REQUEST_BYTES, maxReplyBytes, parseReply, PIPE_FD, type Line, type WireError, type WorkerReply, type WorkerRequest } from './protocol.js';

// Compiled: dist/tools/sql/worker.js. Under tests (tsx): the .ts file, with tsx loaded.
const SELF = import.meta.url;
const FROM_SOURCE = SELF.endsWith('.ts');
const WORKER = fileURLToPath(new URL(FROM_SOURCE ? './worker.ts' : './worker.js', SELF));
const OPEN_TIMEOUT_MS = 15_000;
const CODES: ReadonlySet<string> = new Set<ErrorCode>(ERROR_CODES);

type Message = WorkerRequest extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;
type Call = { id: number; doing: string; settle: (reply: WorkerReply) => void };
/** One live worker process, its pipe and the call it is answering. */
type Worker = { child: ChildProcess; pipe: Socket; opened?: Promise<unknown>; call?: Call; stopped?: WireError };

/**
 * The worker process of one database. Requests run one at a time; each races its
 * timeout and the call's AbortSignal, and the first to fire SIGKILLs the process, so
 * a runaway statement stops within the timeout while the server keeps answering.
 * The next request spawns a fresh worker. Messages go over a private pipe (fd 3), not
 * Node's IPC channel: the worker answers it with blocking reads and writes.
 */
export class SqlWorker {
  readonly #name: string;
  readonly #config: DatabaseConfig;
  readonly #maxBlobBytes: number;
  readonly #entry: string;
  #worker: Worker | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;

  /** `entry` replaces the worker script (tests: a worker that misbehaves). */
  constructor(name: string, config: DatabaseConfig, maxBlobBytes: number, options: { entry?: string } = {}) {
    this.#name = name;
    this.#config = config;
    this.#maxBlobBytes = maxBlobBytes;
    this.#entry = options.entry ?? WORKER;
  }

  /** The running worker's process id, if one runs. */
  get pid(): number | undefined {
    return this.#worker?.child.pid;
  }

  /** Runs one statement in the worker; rejects with a WardenError (`timeout` when killed). */
  run(req: RunRequest, signal?: AbortSignal): Promise<RunResult> {
    const turn = this.#queue.then(() => this.#run(req, signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Kills the worker (tests, shutdown). */
  close(): void {
    if (this.#worker) this.#stop(this.#worker, this.#failure('The database worker was closed.', 'sql.worker_closed'));
  }

  async #run(req: RunRequest, signal?: AbortSignal): Promise<RunResult> {
    const worker = this.#worker ?? this.#spawn();
    await (worker.opened ??= this.#open(worker));
    return (await this.#send(worker, { op: 'run', ...req }, 'running the statement', this.#config.timeoutMs, signal)) as RunResult;
  }

  // A failed open (a missing file, say) is tried again by the next call, in the same process.
  #open(worker: Worker): Promise<unknown> {
    const open = { op: 'open' as const, name: this.#name, config: this.#config, maxBlobBytes: this.#maxBlobBytes };
    return this.#send(worker, open, 'opening the database', OPEN_TIMEOUT_MS).catch((error: unknown) => {
      worker.opened = undefined;
      throw error;
    });
  }

  #spawn(): Worker {
    const child = spawn(process.execPath, [...(FROM_SOURCE ? ['--import', 'tsx'] : []), `--max-old-space-size=${this.#config.memoryLimitMb}`, this.#entry], {
      // stdout of the server is the protocol: the worker never writes to it.
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    const worker: Worker = { child, pipe: child.stdio[PIPE_FD] as unknown as Socket };
    const reader = new LineReader(maxReplyBytes(this.#maxBlobBytes));
    const lines: Line[] = [];
    worker.pipe.on('data', (chunk: Buffer) => {
      for (const line of reader.push(chunk, lines)) this.#receive(worker, line);
      lines.length = 0;
    });
    // A broken pipe means a dead worker: 'exit' tells the call how it died.
    worker.pipe.on('error', () => undefined);
    child.on('exit', (code, signal) => this.#stop(worker, this.#crash(worker, code, signal)));
    child.on('error', (error) => this.#stop(worker, this.#failure(`The worker of database ${this.#name} could not start (${error.message}).`, 'sql.worker_crashed')));
    child.unref();
    this.#idle(worker);
    this.#worker = worker;
    return worker;
  }

  #send(worker: Worker, msg: Message, doing: string, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    // It died between two messages (open, then run): say how, rather than write to nothing.
    if (worker.stopped) return Promise.reject(toWardenError(worker.stopped));
    if (signal?.aborted) return Promise.reject(new WardenError('timeout', 'The call was cancelled before the statement ran.', { step: 'execute' }));
    const id = this.#nextId++;
    const line = encode({ ...msg, id } as WorkerRequest);
    if (line.length > MAX_REQUEST_BYTES / 3 && Buffer.byteLength(line) > MAX_REQUEST_BYTES) {
      return Promise.reject(new WardenError('too_large', `The statement and its parameters are over ${MAX_REQUEST_BYTES} bytes.`, { step: 'execute', rule: 'sql.request_too_large' }));
    }
    return new Promise((resolve, reject) => {
      const settle = (reply: WorkerReply) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (worker.call?.id === id) worker.call = undefined;
        this.#idle(worker);
        if (reply.ok) resolve(reply.result);
        else reject(toWardenError(reply.error));
      };
      const timer = setTimeout(() => this.#stop(worker, {
        code: 'timeout', message: `The statement ran longer than ${timeoutMs} ms (databases.${this.#name}.timeoutMs) and was stopped.`, step: 'execute', rule: 'sql.timeout',
      }), timeoutMs);
      const onAbort = () => this.#stop(worker, { code: 'timeout', message: 'The call was cancelled; the statement was stopped.', step: 'execute', rule: 'sql.cancelled' });
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.call = { id, doing, settle };
      worker.pipe.ref();
      worker.pipe.write(line);
    });
  }

  #receive(worker: Worker, line: Line): void {
    const reply = typeof line === 'string' ? parseReply(line) : undefined;
    if (!reply) {
      const what = typeof line === 'string' ? 'a malformed reply' : `a reply of more than ${maxReplyBytes(this.#maxBlobBytes)} bytes`;
      this.#stop(worker, this.#failure(`The worker of database ${this.#name} sent ${what}; it was stopped and starts afresh for the next call.`, 'sql.worker_protocol'));
      return;
    }
    // id 0: the worker could not read what it was sent, so it cannot say for which call.
    if (worker.call && (reply.id === worker.call.id || (reply.id === 0 && !reply.ok))) worker.call.settle(reply);
  }

  // Forgets the worker first, so the next request never reaches a dying process; the
  // call it was answering, if any, gets `error`.
  #stop(worker: Worker, error: WireError): void {
    if (this.#worker === worker) this.#worker = undefined;
    worker.stopped ??= error;
    worker.child.kill('SIGKILL');
    worker.pipe.destroy();
    worker.call?.settle({ id: worker.call.id, ok: false, error });
  }

  #crash(worker: Worker, code: number | null, signal: NodeJS.Signals | null): WireError {
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const doing = worker.call?.doing ?? 'idle';
    // V8 out of memory (its heap limit or the process data limit) aborts the process.
    if (signal === 'SIGABRT' || signal === 'SIGTRAP' || code === 134) {
      return this.#failure(`The worker of database ${this.#name} crashed (${how}) while ${doing}, most likely out of memory `
        + `(databases.${this.#name}.memoryLimitMb: ${this.#config.memoryLimitMb} MB). It restarts for the next call; ask for less or raise the limit.`, 'sql.worker_crashed');
    }
    return this.#failure(`The worker of database ${this.#name} stopped unexpectedly (${how}) while ${doing}. It restarts for the next call.`, 'sql.worker_crashed');
  }

  #failure(message: string, rule: string): WireError {
    return { code: 'failed', message, step: 'execute', rule };
  }

  // An idle worker must not keep the server alive after stdin closes; a busy one must,
  // so an in-flight statement can still answer.
  #idle(worker: Worker): void {
    if (!worker.call) worker.pipe.unref();
  }
}

function toWardenError({ code, message, ...detail }: WireError): WardenError {
  return CODES.has(code) ? new WardenError(code as ErrorCode, message, detail) : new WardenError('failed', message, { step: 'execute', ...detail });
}
