// kill -9 in the middle of bursts of write_file, 20 times: every call whose result reached
// the client has its decision and outcome rows, `audit verify` passes after every crash,
// and every file holds one whole version (old or new), never a mix.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openWire } from '../helpers/reliability-wire.js';
import { NO_RATE_LIMIT, size, workspace } from '../helpers/reliability.js';
import { auditRows } from '../helpers/audit-rows.js';
import { runCli } from '../helpers/cli.js';

const FILES = 6;
const w = workspace((ws) => ({
  principal: 'me', users: { me: { roles: ['developer'] } },
  filesystem: { roots: [{ path: ws, access: 'read-write' }] }, rateLimits: NO_RATE_LIMIT,
}), 'warden-crash-');
after(w.cleanup);

/** A version of a file: its tag first, then the tag repeated to `n` bytes, so any mix is visible. */
const content = (tag: string) => {
  const n = Number(/-n(\d+)$/.exec(tag)![1]);
  return `${tag}|${tag.repeat(Math.ceil(n / tag.length))}`.slice(0, n);
};
const tagOf = (text: string) => text.slice(0, text.indexOf('|'));

// A small seeded PRNG: the same kill points on every run.
let state = 0x9e3779b9;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const file = (i: number) => path.join(w.ws, `f${i}.txt`);
for (let i = 0; i < FILES; i++) fs.writeFileSync(file(i), content(`r0-f${i}-s0-n1000`));

test('kill -9 during write bursts: acknowledged calls are audited, the chain verifies, no file is torn', { timeout: 600_000 }, async (t) => {
  const written = new Map<number, Set<string>>(Array.from({ length: FILES }, (_, i) => [i, new Set([`r0-f${i}-s0-n1000`])]));
  const acknowledged: string[] = [];
  const failures: string[] = [];
  const rounds = size(20, 100);
  let seq = 0;
  for (let round = 1; round <= rounds; round++) {
    const s = await openWire(w.configPath);
    const burst = 20 + Math.floor(random() * 40);
    const killAfter = Math.floor(random() * burst * 0.6);
    let answered = 0;
    const killed = new Promise<void>((resolve) => {
      const calls = Array.from({ length: burst }, () => {
        const f = Math.floor(random() * FILES);
        const tag = `r${round}-f${f}-s${++seq}-n${1 + Math.floor(random() * 256 * 1024)}`;
        written.get(f)!.add(tag);
        return s.call('write_file', { path: file(f), content: content(tag) }).then((result) => {
          if (result.isError) failures.push(`${tag} refused: ${JSON.stringify(result.structuredContent)}`);
          else acknowledged.push(tag);
        }, (error: Error) => {
          if (s.alive()) failures.push(`${tag}: ${error.message}`);
        }).finally(() => { if (++answered >= killAfter) resolve(); });
      });
      if (killAfter === 0) resolve();
      void Promise.allSettled(calls);
    });
    await killed;
    await s.kill('SIGKILL');
    assert.deepEqual(failures, [], `round ${round}: writes failed while the server was alive`);

    const verify = runCli(['audit', 'verify', '--config', w.configPath]);
    assert.equal(verify.code, 0, `round ${round}: ${verify.stdout}${verify.stderr}`);
    const rows = auditRows(w.auditPath);
    const byTag = new Map<string, string>();
    // Large contents are stored cut (a prefix and a digest): the tag leads the content, so the prefix holds it.
    const argsOf = (stored: string) => { const a = JSON.parse(stored); return a.cut === true ? a.kept : a; };
    for (const r of rows) if (r.kind === 'decision' && r.tool === 'write_file') byTag.set(tagOf(argsOf(r.args).content), r.call);
    const outcomes = new Set(rows.filter((r) => r.kind === 'outcome' && r.outcome === 'ok').map((r) => r.call));
    for (const tag of acknowledged) {
      const call = byTag.get(tag);
      assert.ok(call, `round ${round}: the acknowledged write ${tag} has no decision row`);
      assert.ok(outcomes.has(call), `round ${round}: the acknowledged write ${tag} has no ok outcome row`);
    }
    for (let i = 0; i < FILES; i++) {
      const text = fs.readFileSync(file(i), 'utf8');
      const tag = tagOf(text);
      assert.ok(written.get(i)!.has(tag), `round ${round}: f${i} holds a version never written (${text.slice(0, 40)})`);
      assert.equal(text, content(tag), `round ${round}: f${i} is torn: it starts as ${tag} but does not hold all of it`);
    }
  }
  // After the last crash, a clean server reads what is on disk and shuts down cleanly.
  const s = await openWire(w.configPath);
  const read = await s.call('read_text_file', { path: file(0) });
  assert.equal(read.structuredContent.content, fs.readFileSync(file(0), 'utf8'));
  assert.equal(await s.end(), 0);
  assert.equal(runCli(['audit', 'verify', '--config', w.configPath]).code, 0);
  const leftovers = fs.readdirSync(w.ws).filter((n) => n.startsWith('.warden-'));
  t.diagnostic(`${rounds} crashes, ${acknowledged.length} acknowledged writes, ${leftovers.length} temp files left by killed writes`);
});
