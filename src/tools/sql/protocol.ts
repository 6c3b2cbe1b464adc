// The private pipe between the server and a database worker: one JSON message per line
// (JSON.stringify never writes a raw newline), so a garbled line costs only itself and
// the reader finds its feet again at the next newline.
import type { DatabaseConfig, RunRequest, RunResult } from './engine.js';

export type OpenRequest = { id: number; op: 'open'; name: string; config: DatabaseConfig; maxBlobBytes: number };
export type RunMessage = { id: number; op: 'run' } & RunRequest;
export type WorkerRequest = OpenRequest | RunMessage;

/** What `open` reports: the data-memory limit the kernel now enforces, when one could be set. */
export type OpenResult = { dataLimitBytes?: number };

export type WireError = { code: string; message: string; [key: string]: unknown };
export type WorkerReply<T = RunResult | OpenResult> = { id: number; ok: true; result: T } | { id: number; ok: false; error: WireError };

/** The worker's fd for the pipe (stdio index 3). */
export const PIPE_FD = 3;
/** Far above any request (MCP lines are at most 10 MiB); a longer line is garbage. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
/** Rows are capped at maxBytes of JSON estimated before escaping; \u00XX escapes may grow a value 6×. */
export const maxReplyBytes = (maxBlobBytes: number) => 7 * maxBlobBytes + (1 << 20);

/** One message as one line. */
export const encode = (message: WorkerRequest | WorkerReply): string => `${JSON.stringify(message)}\n`;

/** What a reader hands back per line: its text, or `overflow` once a line passes the cap (the rest of it is dropped). */
export type Line = string | { overflow: number };

/** Splits a byte stream into lines of at most maxBytes; UTF-8 is decoded per whole line. */
export class LineReader {
  readonly #maxBytes: number;
  #parts: Buffer[] = [];
  #size = 0;
  #dropping = false;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  push(chunk: Buffer, out: Line[] = []): Line[] {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.#take(chunk, start, nl, false, out);
      if (!this.#dropping) out.push(this.#parts.length === 1 ? this.#parts[0].toString('utf8') : Buffer.concat(this.#parts).toString('utf8'));
      this.#parts = [];
      this.#size = 0;
      this.#dropping = false;
      start = nl + 1;
    }
    // The caller may reuse its buffer: keep a copy of an unfinished line.
    if (start < chunk.length) this.#take(chunk, start, chunk.length, true, out);
    return out;
  }

  // Said as soon as the cap is passed: a line without an end must not wait for one.
  #take(chunk: Buffer, from: number, to: number, copy: boolean, out: Line[]): void {
    this.#size += to - from;
    if (!this.#dropping && this.#size > this.#maxBytes) {
      this.#dropping = true;
      this.#parts = [];
      out.push({ overflow: this.#size });
    }
    if (!this.#dropping && to > from) this.#parts.push(copy ? Buffer.from(chunk.subarray(from, to)) : chunk.subarray(from, to));
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isParams = (v: unknown) => v === undefined || Array.isArray(v) || isObject(v);
const isNames = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((t) => typeof t === 'string'));

/** Reads one request line; `refused` says what it was instead. */
export function parseRequest(line: string): WorkerRequest | { id: number; refused: string } {
  let m: unknown;
  try {
    m = JSON.parse(line);
  } catch {
    return { id: 0, refused: 'a line that is not JSON' };
  }
  if (!isObject(m)) return { id: 0, refused: 'a line that is not a JSON object' };
  const id = isId(m.id) ? m.id : 0;
  if (!id) return { id, refused: 'a message without an id' };
  if (m.op === 'run') {
    if ((m.mode === 'query' || m.mode === 'execute') && typeof m.sql === 'string' && isParams(m.params)
      && isCount(m.maxRows) && isCount(m.maxBytes) && isNames(m.tables)) return m as unknown as RunMessage;
    return { id, refused: 'a malformed run request' };
  }
  if (m.op === 'open') {
    if (typeof m.name === 'string' && isObject(m.config) && isCount(m.maxBlobBytes)) return m as unknown as OpenRequest;
    return { id, refused: 'a malformed open request' };
  }
  return { id, refused: 'a message with an unknown op' };
}

/** Reads one reply line; undefined when it is not a reply at all. */
export function parseReply(line: string): WorkerReply | undefined {
  let m: unknown;
  try {
    m = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(m) || !isCount(m.id)) return undefined;
  if (m.ok === true && isObject(m.result)) return m as unknown as WorkerReply;
  if (m.ok === false && isObject(m.error) && typeof m.error.code === 'string' && typeof m.error.message === 'string') return m as unknown as WorkerReply;
  return undefined;
}
