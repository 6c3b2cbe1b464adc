import { WardenError } from '../errors.js';
import type { AuditEvent } from '../audit/store.js';

/**
 * How long a shutdown (end of stdin, SIGTERM, SIGINT) waits for calls that are running.
 * The MCP SDK's stdio client closes stdin, sends SIGTERM 2 s later and SIGKILL 2 s after
 * that: 3 s lets a call finish or be recorded as `unknown` before the SIGKILL.
 */
export const SHUTDOWN_GRACE_MS = 3_000;

/**
 * The calls of a process that have a decision row and no outcome row yet, cancelled
 * or not (a cancelled request is forgotten by the transport, never by this). Shutdown
 * waits for them, and records each one still running at the bound as `unknown`.
 */
export class InFlightCalls {
  readonly #expire = new Set<() => Promise<unknown>>();
  #idle: Array<() => void> = [];

  get size(): number {
    return this.#expire.size;
  }

  /** Registers a running call; `expire` records its outcome as `unknown`. Returns its release. */
  add(expire: () => Promise<unknown>): () => void {
    this.#expire.add(expire);
    return () => {
      this.#expire.delete(expire);
      if (this.#expire.size === 0) this.#idle.splice(0).forEach((resolve) => resolve());
    };
  }

  /**
   * Waits until no call is running or `ms` have passed, then records every call still
   * running as `unknown`. Returns how many there were.
   */
  async settle(ms: number): Promise<number> {
    if (this.#expire.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<void>((resolve) => this.#idle.push(resolve));
      await Promise.race([idle, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })]);
      clearTimeout(timer);
    }
    const left = [...this.#expire];
    await Promise.allSettled(left.map((expire) => expire()));
    return left.length;
  }
}

/**
 * A call whose request was aborted (the client cancelled it, or its session closed)
 * before it ended in an error is `cancelled`; one that finished anyway keeps `ok`, and a
 * write of unknown fate keeps `unknown`.
 */
export function cancelledOutcome(signal: AbortSignal, outcome: NonNullable<AuditEvent['outcome']>): { outcome: AuditEvent['outcome']; error?: unknown } {
  if (!signal.aborted || (outcome !== 'error' && outcome !== 'timeout')) return { outcome };
  const error = new WardenError('timeout', 'The client cancelled the call, so it was stopped.', { step: 'execute', rule: 'call.cancelled' });
  return { outcome: 'cancelled', error: error.toJSON() };
}

/** The error of a call still running when shutdown stopped waiting for it. */
export function cutOffError(): WardenError {
  return new WardenError(
    'timeout',
    `The server shut down with the call still running after waiting ${SHUTDOWN_GRACE_MS} ms for it; whether it finished is unknown.`,
    { step: 'execute', rule: 'shutdown.grace' },
  );
}
