// Drives a steady mix of calls through one server and samples its resident memory, for the
// memory test and bench/reliability.ts.
import type { Wire } from './reliability-wire.js';
import { rssOf } from './reliability.js';

export interface MemorySample { calls: number; rss: number }

/**
 * Sends `total` calls, `inFlight` at a time, cycling through `mix`; samples RSS every
 * `every` calls. Every call must get an answer (a refusal is an answer).
 */
export async function drive(s: Wire, mix: Array<[string, Record<string, unknown>]>, total: number, every: number, inFlight = 16): Promise<MemorySample[]> {
  const samples: MemorySample[] = [{ calls: 0, rss: rssOf(s.pid) }];
  let sent = 0;
  let next = every;
  while (sent < total) {
    const n = Math.min(inFlight, total - sent);
    await Promise.all(Array.from({ length: n }, (_, i) => {
      const [tool, args] = mix[(sent + i) % mix.length];
      return s.call(tool, args);
    }));
    sent += n;
    if (sent >= next || sent === total) {
      samples.push({ calls: sent, rss: rssOf(s.pid) });
      next += every;
    }
  }
  return samples;
}

/** Growth in bytes per 10,000 calls between two samples. */
export const growthPer10k = (a: MemorySample, b: MemorySample) => ((b.rss - a.rss) / (b.calls - a.calls)) * 10_000;
