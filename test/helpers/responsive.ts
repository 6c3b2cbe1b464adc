import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

/** What `pingsDuring` saw: the work's result, how long it took, and the slowest ping while it ran. */
export interface Responsiveness<T> {
  result: T;
  workMs: number;
  /** The slowest ping round trip started while the work was in flight. */
  maxPingMs: number;
  pings: number;
}

/**
 * Starts `work` (one request to the server), then pings the same server back to back
 * until the work settles. A main thread blocked by the work shows as one slow ping:
 * the server reads the ping only after the blocking part is done.
 */
export async function pingsDuring<T>(client: Client, work: () => Promise<T>, gapMs = 10): Promise<Responsiveness<T>> {
  const started = performance.now();
  let settled = false;
  const working = work().finally(() => { settled = true; });
  let maxPingMs = 0;
  let pings = 0;
  // Give the work's request a head start onto the wire, so the first ping queues behind it.
  await new Promise((resolve) => setTimeout(resolve, 5));
  while (!settled) {
    const t = performance.now();
    await client.ping();
    maxPingMs = Math.max(maxPingMs, performance.now() - t);
    pings += 1;
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  const result = await working;
  return { result, workMs: performance.now() - started, maxPingMs, pings };
}

/**
 * `pingsDuring`, tried again (after `again` lays the input out anew) while the slowest
 * ping is over `pingMs` or the work over `workMs`: a second try absorbs one scheduling
 * hiccup of a loaded 2-core machine, while work that blocks the loop fails every try.
 */
export async function pingsWithin<T>(client: Client, work: () => Promise<T>, budget: { pingMs: number; workMs?: number; again?: () => void }, tries = 2): Promise<Responsiveness<T> & { tries: number }> {
  let seen = await pingsDuring(client, work);
  let n = 1;
  const over = (r: Responsiveness<T>) => r.maxPingMs >= budget.pingMs || (budget.workMs !== undefined && r.workMs >= budget.workMs);
  while (over(seen) && n < tries) {
    budget.again?.();
    await client.ping();
    seen = await pingsDuring(client, work);
    n += 1;
  }
  return { ...seen, tries: n };
}
