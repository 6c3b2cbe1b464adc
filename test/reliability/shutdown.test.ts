// Every allowed call ends with an outcome row, however the session ends: a call the client
// cancelled (the transport forgets its id, shutdown must not), a call still running at
// end of stdin or SIGTERM, and one that outlives the shutdown bound (`unknown`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rawServer, INITIALIZE, INITIALIZED } from '../helpers/raw.js';
import { auditRows } from '../helpers/audit-rows.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { SHUTDOWN_GRACE_MS } from '../../src/server/in-flight.js';

const root = tempDir('warden-shutdown-root-');
after(() => fs.rmSync(root, { recursive: true, force: true }));
const config = {
  principal: 'me', users: { me: { roles: ['developer'] } },
  filesystem: { roots: [{ path: root, access: 'read-write' }] },
  commands: { sandbox: 'off', timeoutMs: 25_000, allow: { sleep: {} } },
};

async function session() {
  const s = rawServer(config);
  s.send(INITIALIZE);
  await s.reply(0);
  s.send(INITIALIZED);
  const audit = path.join(s.dir, 'audit.db');
  const rows = () => auditRows(audit);
  // The file appears before its table: while the first call is being recorded, nothing is there yet.
  const rowsSoFar = () => { try { return rows(); } catch { return []; } };
  return {
    ...s, audit, rows,
    sleep(id: number, seconds: number) {
      s.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'run_command', arguments: { command: 'sleep', args: [String(seconds)] } } });
    },
    cancel(id: number) {
      s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'the user pressed stop' } });
    },
    /** Waits until `n` calls have their allow row: they are running. */
    async running(n: number) {
      for (let i = 0; i < 200; i++) {
        if (rowsSoFar().filter((r) => r.kind === 'decision' && r.decision === 'allow').length >= n) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`fewer than ${n} calls started; stderr: ${s.stderr().slice(-800)}`);
    },
  };
}

/** The outcome of each allowed call, by call id; fails unless each has exactly one. */
function outcomes(rows: Array<Record<string, any>>) {
  const allowed = rows.filter((r) => r.kind === 'decision' && r.decision === 'allow');
  assert.ok(allowed.length > 0, 'no call was allowed');
  return allowed.map((d) => {
    const ends = rows.filter((r) => r.kind === 'outcome' && r.call === d.call);
    assert.equal(ends.length, 1, `call ${d.call} has ${ends.length} outcome rows`);
    return { outcome: ends[0].outcome as string, error: ends[0].error ? JSON.parse(ends[0].error) : null };
  });
}

const verifies = (audit: string) => assert.equal(runCli(['audit', 'verify', '--audit', audit]).code, 0);

test('a cancelled call, then end of stdin: the call is recorded cancelled and the server exits 0', { timeout: 30_000 }, async () => {
  const s = await session();
  s.sleep(1, 20);
  await s.running(1);
  s.cancel(1);
  s.child.stdin.end();
  assert.equal(await s.exited, 0);
  const [end] = outcomes(s.rows());
  assert.equal(end.outcome, 'cancelled');
  assert.equal(end.error.rule, 'call.cancelled');
  assert.equal(s.messages().find((m) => m.id === 1), undefined, 'a cancelled request gets no response');
  verifies(s.audit);
});

test('a cancelled call, then SIGTERM: the call is recorded cancelled and the server exits 0', { timeout: 30_000 }, async () => {
  const s = await session();
  s.sleep(1, 20);
  await s.running(1);
  s.cancel(1);
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0);
  assert.deepEqual(outcomes(s.rows()).map((o) => o.outcome), ['cancelled']);
  verifies(s.audit);
});

test('end of stdin with a slow call in flight and a cancelled one: the slow one finishes, answers and is audited ok', { timeout: 30_000 }, async () => {
  const s = await session();
  s.sleep(1, 1);
  s.sleep(2, 20);
  await s.running(2);
  s.cancel(2);
  s.child.stdin.end();
  assert.equal(await s.exited, 0);
  assert.equal(s.messages().find((m) => m.id === 1)?.result.structuredContent.exitCode, 0);
  assert.deepEqual(outcomes(s.rows()).map((o) => o.outcome).sort(), ['cancelled', 'ok']);
  verifies(s.audit);
});

/** Processes running `sleep SECONDS` (Linux /proc). */
const sleepsOf = (seconds: string) => fs.readdirSync('/proc').filter((pid) => {
  try {
    const [program, arg, more] = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(program) === 'sleep' && arg === seconds && more === '';
  } catch { return false; }
});

test('a call that outlives the shutdown bound is recorded unknown and the server still exits 0 in time', { timeout: 30_000 }, async () => {
  const s = await session();
  s.sleep(1, 19.37);
  await s.running(1);
  for (let i = 0; i < 200 && sleepsOf('19.37').length === 0; i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal(sleepsOf('19.37').length, 1, 'the program runs');
  const t0 = performance.now();
  s.child.stdin.end();
  assert.equal(await s.exited, 0);
  const took = performance.now() - t0;
  // Today's code waited the whole 20 s sleep; the bound plus a generous margin for a loaded machine.
  assert.ok(took < SHUTDOWN_GRACE_MS + 4_000, `exit took ${Math.round(took)} ms`);
  const [end] = outcomes(s.rows());
  assert.equal(end.outcome, 'unknown');
  assert.equal(end.error.rule, 'shutdown.grace');
  assert.match(s.stderr(), /recorded as unknown/);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(sleepsOf('19.37'), [], 'the program did not outlive the server');
  verifies(s.audit);
});
