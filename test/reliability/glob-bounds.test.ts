// Agent and policy globs over real stdio: hostile patterns and crafted paths are decided
// within a budget, and the server keeps answering `ping` on the same connection meanwhile
// (the backtracking engine this replaced blocked the event loop for seconds to minutes).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { pingsWithin } from '../helpers/responsive.js';

const PING_MS = 100;
const BUDGET_MS = 5000;
const ws = tempDir('warden-glob-');
after(() => fs.rmSync(ws, { recursive: true, force: true }));
// Ordinary 33-character names: the `*?` family below tries every split of each on a backtracker.
for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(ws, `${'a'.repeat(30)}-${String(i).padStart(2, '0')}`), 'x');
fs.mkdirSync(path.join(ws, 'sub'));
fs.writeFileSync(path.join(ws, 'sub', 'a'.repeat(33)), 'x');

const HOSTILE = '*?'.repeat(14) + 'c'; // 29 characters
const NO_LIMIT = { default: { capacity: 1000, refillPerSecond: 1000 } };
const config = {
  principal: 'me', users: { me: { roles: ['developer'] } }, rateLimits: NO_LIMIT,
  filesystem: { roots: [{ path: ws, access: 'read-write' }] },
  policies: [{ id: 'abcd', effect: 'deny', priority: 10, tools: ['write_file'], when: [{ attribute: 'resource.path', operator: 'glob', value: '**/a/**/b/**/c/**/d' }] }],
};

const structured = (r: any) => r.structuredContent as any;

// The first calls of a fresh server pay for module loading and JIT; measure after them.
async function warm(s: Awaited<ReturnType<typeof startServer>>) {
  for (let i = 0; i < 3; i++) {
    await s.call('search_files', { path: ws, pattern: '**/*.none', excludePatterns: ['x'] });
    await s.call('directory_tree', { path: ws, excludePatterns: ['x*'] });
    await s.call('write_file', { path: path.join(ws, 'a/b/c/x'), content: 'x' });
    await s.client.ping();
  }
}

test('search_files and directory_tree with the *? family finish within budget while ping stays answered', async (t) => {
  const s = await startServer(config);
  try {
    await warm(s);
    const cases: Array<[string, Record<string, unknown>]> = [
      ['search_files', { path: ws, pattern: `**/${HOSTILE}` }],
      ['search_files', { path: ws, pattern: '**/*', excludePatterns: [HOSTILE, `**/${HOSTILE}`] }],
      ['directory_tree', { path: ws, excludePatterns: [HOSTILE, `sub/${HOSTILE}`] }],
    ];
    for (const [tool, args] of cases) {
      const seen = await pingsWithin(s.client, () => s.call(tool, args), { pingMs: PING_MS });
      t.diagnostic(`${tool} ${JSON.stringify(args.pattern ?? args.excludePatterns)}: ${seen.workMs.toFixed(0)} ms, max ping ${seen.maxPingMs.toFixed(1)} ms over ${seen.pings} pings`);
      assert.notEqual(seen.result.isError, true, JSON.stringify(seen.result.content));
      assert.ok(seen.workMs < BUDGET_MS, `${tool} took ${seen.workMs} ms`);
      assert.ok(seen.maxPingMs < PING_MS, `a ping waited ${seen.maxPingMs} ms during ${tool}`);
    }
    // The results are still right: nothing ends in `c`, everything else is listed.
    assert.deepEqual(structured(await s.call('search_files', { path: ws, pattern: `**/${HOSTILE}` })).matches, []);
    assert.equal(structured(await s.call('search_files', { path: ws, pattern: '**/*', excludePatterns: [HOSTILE] })).matches.length, 22);
  } finally { await s.close(); }
});

test('a policy glob **/a/**/b/**/c/**/d against a crafted 3.3 KB path is decided quickly; ping stays answered', async (t) => {
  const s = await startServer(config);
  try {
    await warm(s);
    // 450 one-letter segments cost picomatch ~n⁴ (many seconds); long names pad to 3.3 KB
    // without making the path guard's own work (per segment) the thing measured.
    const n = 150;
    const crafted = path.join(ws, ('z'.repeat(200) + '/').repeat(12) + 'a/'.repeat(n) + 'b/'.repeat(n) + 'c/'.repeat(n));
    for (const [tail, denied] of [['x', false], ['d', true]] as const) {
      // write_file checks a new path through its nearest existing folder, so the policy sees it.
      const seen = await pingsWithin(s.client, () => s.call('write_file', { path: crafted + tail, content: 'x' }), { pingMs: PING_MS });
      t.diagnostic(`path ending in ${tail}: ${seen.workMs.toFixed(0)} ms, max ping ${seen.maxPingMs.toFixed(1)} ms`);
      const error = structured(seen.result).error;
      if (denied) assert.deepEqual([error.code, error.policyId], ['denied', 'abcd'], JSON.stringify(error).slice(0, 300));
      else assert.notEqual(error?.policyId, 'abcd', JSON.stringify(error).slice(0, 300));
      assert.ok(seen.workMs < BUDGET_MS, `the call took ${seen.workMs} ms`);
      assert.ok(seen.maxPingMs < PING_MS, `a ping waited ${seen.maxPingMs} ms`);
    }
  } finally { await s.close(); }
});

test('an agent glob over a limit is invalid_input naming the limit and the allowed value', async () => {
  const s = await startServer(config);
  try {
    const long = structured(await s.call('search_files', { path: ws, pattern: '*'.repeat(2000) + 'x' })).error;
    assert.equal(long.code, 'invalid_input');
    assert.match(long.message, /pattern: the glob "\*+"… is 2001 characters long; glob\.maxLength allows at most 1024/);
    const braces = structured(await s.call('directory_tree', { path: ws, excludePatterns: ['{a,b}'.repeat(8) + '*'] })).error;
    assert.equal(braces.code, 'invalid_input');
    assert.match(braces.message, /excludePatterns: the glob ".*" expands to 256 alternatives; glob\.maxAlternatives allows at most 64/);
    const many = structured(await s.call('search_files', { path: ws, pattern: '*', excludePatterns: Array.from({ length: 101 }, (_, i) => `x${i}`) })).error;
    assert.equal(many.code, 'invalid_input');
    assert.match(many.message, /excludePatterns: at most 100 patterns are allowed/);
    const ext = structured(await s.call('search_files', { path: ws, pattern: '@(a|b)' })).error;
    assert.equal(ext.code, 'invalid_input');
    assert.match(ext.message, /the extglob "@\(…\)" at position 0 is not supported; use braces/);
  } finally { await s.close(); }
});
