// Entry of a database's worker process (spawned by worker-client.ts). It has nothing to
// do but answer its private pipe (fd 3), so it blocks in read() and answers each request
// with one synchronous write: no event-loop turn, stream or promise per call. The parent
// SIGKILLs this process when a statement overruns.
import fs from 'node:fs';
import { WardenError } from '../../errors.js';
import { SqlEngine } from './engine.js';
import { limitWorkerMemory } from './memory-limit.js';
import { encode, LineReader, MAX_REQUEST_BYTES, parseRequest, PIPE_FD, type Line, type OpenRequest, type RunMessage, type WorkerReply } from './protocol.js';

let engine: SqlEngine | undefined;
const nap = new Int32Array(new SharedArrayBuffer(4));

async function open(msg: OpenRequest): Promise<WorkerReply> {
  if (engine) return failure(msg.id, new WardenError('failed', 'The database worker is already open.', { step: 'execute', rule: 'sql.worker_protocol' }));
  engine = await SqlEngine.open(msg.name, msg.config, msg.maxBlobBytes);
  let dataLimitBytes: number | undefined;
  try {
    dataLimitBytes = limitWorkerMemory(msg.config.memoryLimitMb);
  } catch {
    // prlimit refused (a seccomp filter, say): V8's heap limit still holds.
  }
  return { id: msg.id, ok: true, result: dataLimitBytes === undefined ? {} : { dataLimitBytes } };
}

function run(msg: RunMessage): WorkerReply {
  if (!engine) return failure(msg.id, new WardenError('failed', 'The database worker was not opened.', { step: 'execute', rule: 'sql.worker_protocol' }));
  return { id: msg.id, ok: true, result: engine.run(msg) };
}

function failure(id: number, error: unknown): WorkerReply {
  const e = error instanceof WardenError ? error : new WardenError('failed', 'The statement failed unexpectedly.', { step: 'execute' });
  return { id, ok: false, error: e.toJSON() };
}

// A promise only for `open`: a statement is answered without leaving the call stack.
function answer(line: Line): WorkerReply | Promise<WorkerReply> {
  if (typeof line !== 'string') return failure(0, refused(`a line of more than ${MAX_REQUEST_BYTES} bytes`));
  const msg = parseRequest(line);
  if ('refused' in msg) return failure(msg.id, refused(msg.refused));
  if (msg.op === 'open') return open(msg).catch((error: unknown) => failure(msg.id, error));
  try {
    return run(msg);
  } catch (error) {
    return failure(msg.id, error);
  }
}

const refused = (what: string) =>
  new WardenError('failed', `The database worker refused ${what} on its pipe.`, { step: 'execute', rule: 'sql.worker_protocol' });

// The pipe is a blocking socket (libuv makes only the parent's end non-blocking); should
// a platform hand it over non-blocking, wait a millisecond rather than spin.
function retry<T>(io: () => T): T {
  for (;;) {
    try {
      return io();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') Atomics.wait(nap, 0, 0, 1);
      else if (code !== 'EINTR') throw error;
    }
  }
}

function write(text: string): void {
  const bytes = Buffer.from(text);
  for (let done = 0; done < bytes.length;) done += retry(() => fs.writeSync(PIPE_FD, bytes, done, bytes.length - done));
}

const reader = new LineReader(MAX_REQUEST_BYTES);
const buffer = Buffer.allocUnsafe(64 * 1024);
const lines: Line[] = [];
for (;;) {
  const n = retry(() => fs.readSync(PIPE_FD, buffer, 0, buffer.length, null));
  // The server closed the pipe or went away: nothing left to answer.
  if (n === 0) process.exit(0);
  reader.push(buffer.subarray(0, n), lines);
  for (const line of lines) {
    const reply = answer(line);
    write(encode(reply instanceof Promise ? await reply : reply));
  }
  lines.length = 0;
}
