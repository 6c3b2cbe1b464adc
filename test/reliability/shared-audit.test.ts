// Four servers share one audit file under bursts (DESIGN §6): no lost rows, one valid chain.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openWire } from '../helpers/reliability-wire.js';
import { NO_RATE_LIMIT, size, workspace } from '../helpers/reliability.js';
import { auditRows } from '../helpers/audit-rows.js';
import { runCli } from '../helpers/cli.js';

const w = workspace((ws) => ({
  principal: 'me', users: { me: { roles: ['developer'] } },
  filesystem: { roots: [{ path: ws, access: 'read-write' }] }, rateLimits: NO_RATE_LIMIT,
}), 'warden-shared-');
after(w.cleanup);
fs.writeFileSync(path.join(w.ws, 'a.txt'), 'a');

test('four servers, one audit file, bursts of calls: every call has both rows and the chain verifies', { timeout: 300_000 }, async () => {
  const servers = await Promise.all(Array.from({ length: 4 }, () => openWire(w.configPath)));
  const perServer = size(400, 5000);
  const burst = 25;
  // Allowed calls (two rows each) and guard refusals (one decision row each), interleaved.
  const results = await Promise.all(servers.map(async (s, n) => {
    let allowed = 0;
    let refused = 0;
    for (let sent = 0; sent < perServer; sent += burst) {
      const calls = Array.from({ length: burst }, (_, i) => (i % 5 === 4
        ? s.call('read_text_file', { path: '/etc/passwd' }).then((r) => { assert.equal(r.isError, true); refused++; })
        : s.call(i % 2 ? 'get_file_info' : 'write_file', i % 2 ? { path: path.join(w.ws, 'a.txt') } : { path: path.join(w.ws, `s${n}.txt`), content: `${sent + i}` })
          .then((r) => { assert.equal(r.isError, undefined, JSON.stringify(r)); allowed++; })));
      await Promise.all(calls);
    }
    return { allowed, refused };
  }));
  for (const s of servers) assert.equal(await s.end(), 0, s.stderr().slice(-1000));

  const rows = auditRows(w.auditPath);
  const allowed = results.reduce((n, r) => n + r.allowed, 0);
  const refused = results.reduce((n, r) => n + r.refused, 0);
  assert.equal(rows.length, 2 * allowed + refused, 'no row was lost or added');
  assert.deepEqual(rows.map((r) => r.id), rows.map((_, i) => i + 1), 'ids have no gaps');
  assert.equal(new Set(rows.map((r) => r.session)).size, 4);
  const byCall = new Map<string, string[]>();
  for (const r of rows) byCall.set(r.call, [...(byCall.get(r.call) ?? []), `${r.kind}:${r.decision ?? r.outcome}`]);
  assert.equal(byCall.size, allowed + refused, 'one call id per call');
  const shapes = new Map<string, number>();
  for (const kinds of byCall.values()) shapes.set(kinds.join(' '), (shapes.get(kinds.join(' ')) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(shapes), { 'decision:allow outcome:ok': allowed, 'decision:deny': refused });
  const verify = runCli(['audit', 'verify', '--config', w.configPath]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, new RegExp(`${rows.length} rows`));
});
