import process from 'node:process';
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Clients cap a line at 10 MiB; a longer request is refused, and the session goes on. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/**
 * Newline-delimited JSON-RPC over stdio that survives bad input (ARCHITECTURE.md §7): a line
 * that is not JSON gets a parse error, an oversized line is dropped with an error,
 * and neither closes the session as the SDK's transport does. The end of stdin is
 * reported through `oninputend`, not `onclose`, so in-flight calls can still finish
 * and answer before the server closes the transport itself.
 */
export class StdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  oninputend?: () => void;

  /** Requests received and not yet answered: shutdown waits for them to drain. */
  private readonly unanswered = new Set<string | number>();
  private drainWaiters: Array<() => void> = [];
  private chunks: Buffer[] = [];
  private size = 0;
  private discarding = false;
  private closed = false;

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('end', this.onEnd);
    this.stdin.on('error', this.onEnd);
    this.stdout.on('error', (error) => this.onerror?.(error));
  }

  private readonly onEnd = () => this.oninputend?.();

  private readonly onData = (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.push(chunk.subarray(start, nl));
      this.endLine();
      start = nl + 1;
    }
    if (start < chunk.length) this.push(chunk.subarray(start));
  };

  private push(part: Buffer): void {
    if (this.discarding) return;
    if (this.size + part.length > this.maxLineBytes) {
      this.discarding = true;
      this.chunks = [];
      this.size = 0;
      this.reply(null, INVALID_REQUEST, `Request too large: a message may be at most ${this.maxLineBytes} bytes.`);
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
  }

  private endLine(): void {
    const wasDiscarding = this.discarding;
    const line = Buffer.concat(this.chunks, this.size).toString('utf8').trim();
    this.chunks = [];
    this.size = 0;
    this.discarding = false;
    if (!wasDiscarding && line) this.handleLine(line);
  }

  private handleLine(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.reply(null, PARSE_ERROR, 'Parse error: the line is not valid JSON.');
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = (value as { id?: unknown } | null)?.id;
      const usableId = typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)) ? id : null;
      this.reply(usableId, INVALID_REQUEST, 'Invalid request: not a JSON-RPC 2.0 message.');
      return;
    }
    const message = parsed.data as { id?: string | number; method?: string; params?: { requestId?: string | number } };
    if (message.method !== undefined && message.id !== undefined) this.unanswered.add(message.id);
    // A cancelled request gets no response (MCP cancellation), so it no longer counts.
    if (message.method === 'notifications/cancelled' && message.params?.requestId !== undefined) this.settle(message.params.requestId);
    try {
      this.onmessage?.(parsed.data);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }

  private reply(id: string | number | null, code: number, message: string): void {
    this.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } }));
  }

  private write(text: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || this.stdout.destroyed) return resolve();
      // The callback fires once flushed or on error (a client gone away), never hangs.
      this.stdout.write(`${text}\n`, () => resolve());
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await this.write(JSON.stringify(message));
    const reply = message as { id?: string | number; method?: string };
    if (reply.method === undefined && reply.id !== undefined) this.settle(reply.id);
  }

  private settle(id: string | number): void {
    this.unanswered.delete(id);
    if (this.unanswered.size === 0) this.drainWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** Resolves once every request received so far has been answered (and written). */
  drained(): Promise<void> {
    if (this.unanswered.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.pause();
    this.onclose?.();
  }
}
