// Rate limits under concurrency: a burst of calls in flight at once admits exactly the
// capacity, and later exactly what the refill added (bounds from measured time).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openWire, type Wire } from '../helpers/reliability-wire.js';
import { workspace } from '../helpers/reliability.js';
import { auditRows } from '../helpers/audit-rows.js';

const cleanups: Array<() => void> = [];
after(() => cleanups.forEach((c) => c()));

async function server(rateLimits: Record<string, unknown>) {
  const w = workspace((ws) => ({
    principal: 'me', users: { me: { roles: ['developer'] } },
    filesystem: { roots: [{ path: ws, access: 'read-write' }] }, rateLimits,
  }), 'warden-rate-');
  cleanups.push(w.cleanup);
  fs.writeFileSync(path.join(w.ws, 'a.txt'), 'a');
  return { w, s: await openWire(w.configPath), file: path.join(w.ws, 'a.txt') };
}

/** Sends `n` calls at once; counts admitted ones and checks every refusal is rate_limited. */
async function burst(s: Wire, n: number, tool: string, args: Record<string, unknown>) {
  const results = await Promise.all(Array.from({ length: n }, () => s.call(tool, args)));
  const refused = results.filter((r) => r.isError);
  for (const r of refused) assert.equal(r.structuredContent.error.code, 'rate_limited', JSON.stringify(r));
  return results.length - refused.length;
}

const UNLIMITED = { capacity: 1e9, refillPerSecond: 1e9 };

test('a token bucket without refill admits exactly its capacity from 60 calls in flight', async () => {
  const { s, file, w } = await server({ default: { capacity: 7, refillPerSecond: 0 }, total: UNLIMITED });
  assert.equal(await burst(s, 60, 'get_file_info', { path: file }), 7);
  assert.equal(await burst(s, 20, 'get_file_info', { path: file }), 0);
  await s.end();
  const decisions = auditRows(w.auditPath).filter((r) => r.kind === 'decision');
  assert.equal(decisions.length, 80, 'refused calls are audited too');
  assert.equal(decisions.filter((r) => r.decision === 'allow').length, 7);
});

test('a sliding window admits exactly its limit; the total limit holds across tools', async () => {
  const { s, file } = await server({ default: UNLIMITED, tools: { get_file_info: { limit: 5, windowMs: 600_000 } }, total: { capacity: 12, refillPerSecond: 0 } });
  const [info, list] = await Promise.all([
    burst(s, 40, 'get_file_info', { path: file }),
    burst(s, 40, 'list_allowed_directories', {}),
  ]);
  assert.equal(info, 5);
  assert.equal(info + list, 12);
  await s.end();
});

test('after the capacity, a bucket admits exactly what refilled in the measured time', async () => {
  const rate = 2;
  const { s, file } = await server({ default: { capacity: 5, refillPerSecond: rate }, total: UNLIMITED });
  const t0 = performance.now();
  assert.ok((await burst(s, 40, 'get_file_info', { path: file })) >= 5);
  const t1 = performance.now();
  await new Promise((r) => setTimeout(r, 1500));
  const t2 = performance.now();
  const second = await burst(s, 40, 'get_file_info', { path: file });
  const t3 = performance.now();
  // Tokens refilled between the first burst's last admission and the second burst's calls.
  const least = Math.min(5, Math.floor((rate * (t2 - t1)) / 1000));
  const most = Math.min(5, Math.ceil((rate * (t3 - t0)) / 1000));
  assert.ok(second >= least && second <= most, `admitted ${second}, expected between ${least} and ${most}`);
  await s.end();
});
