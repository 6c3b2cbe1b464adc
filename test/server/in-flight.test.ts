// The pipeline and the in-flight registry together: shutdown waits for a running call,
// records one still running at the bound as `unknown`, and a call that ends after that
// never writes a second outcome row; a cancelled call is `cancelled`, a finished one `ok`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { parseConfig } from '../../src/startup.js';
import { AuditStore } from '../../src/audit/store.js';
import { RateLimiter } from '../../src/limits/rate-limiter.js';
import { runPipeline, type PipelineDeps } from '../../src/server/pipeline.js';
import { InFlightCalls } from '../../src/server/in-flight.js';
import type { ToolDefinition } from '../../src/tools/contract.js';
import { tempDir } from '../helpers/temp.js';
import { auditRows } from '../helpers/audit-rows.js';

/** A tool that runs until `finish` is called or its signal aborts (then it reports failure, as a killed program does). */
function heldTool() {
  let finish: () => void = () => {};
  const tool: ToolDefinition = {
    name: 'list_databases', description: 'held', permission: 'database:read',
    inputSchema: z.strictObject({}), outputSchema: z.object({}),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    guard: () => ({ resource: { type: 'none' }, plan: undefined }),
    execute: (_args, _plan, ctx) => new Promise((resolve) => {
      finish = () => resolve({ structured: {}, text: 'done' });
      ctx.signal.addEventListener('abort', () => resolve({ structured: {}, text: 'killed', isError: true }), { once: true });
    }),
  };
  return { tool, finish: () => finish() };
}

async function pipeline(calls: InFlightCalls): Promise<PipelineDeps & { auditFile: string }> {
  const dir = tempDir();
  const auditFile = path.join(dir, 'audit.db');
  const config = parseConfig({ principal: 'me', users: { me: { roles: ['developer'] } }, audit: { path: auditFile } }, path.join(dir, 'c.json'));
  const store = await AuditStore.open(auditFile);
  return {
    auditFile, calls,
    session: { id: 's', config, logger: pino({ level: 'silent' }), clientRoots: () => undefined },
    limiter: new RateLimiter(config.rateLimits), audit: async () => store,
    approve: async () => ({ approved: false, answer: 'unsupported', reason: 'no client' }),
    clientName: () => 'test',
  };
}

const until = async (ok: () => boolean) => { for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5)); };
const outcomes = (file: string) => auditRows(file).filter((r) => r.kind === 'outcome').map((r) => [r.outcome, r.error && JSON.parse(r.error).rule]);

test('a call still running at the bound is recorded unknown, once, even when it ends later', async () => {
  const calls = new InFlightCalls();
  const p = await pipeline(calls);
  const held = heldTool();
  const running = runPipeline(p, held.tool, {}, new AbortController().signal);
  await until(() => calls.size === 1);
  assert.equal(await calls.settle(20), 1);
  held.finish();
  await running;
  assert.deepEqual(outcomes(p.auditFile), [['unknown', 'shutdown.grace']]);
  assert.equal(calls.size, 0);
});

test('settle waits for a call that ends within the bound: its own outcome, nothing cut off', async () => {
  const calls = new InFlightCalls();
  const p = await pipeline(calls);
  const held = heldTool();
  const running = runPipeline(p, held.tool, {}, new AbortController().signal);
  await until(() => calls.size === 1);
  setTimeout(held.finish, 30);
  assert.equal(await calls.settle(10_000), 0);
  await running;
  assert.deepEqual(outcomes(p.auditFile), [['ok', null]]);
});

test('a call whose request was aborted before it ended is cancelled; an ended one stays ok', async () => {
  const calls = new InFlightCalls();
  const p = await pipeline(calls);
  const held = heldTool();
  const request = new AbortController();
  const running = runPipeline(p, held.tool, {}, request.signal);
  await until(() => calls.size === 1);
  request.abort();
  await running;
  assert.deepEqual(outcomes(p.auditFile), [['cancelled', 'call.cancelled']]);
  assert.equal(await calls.settle(10), 0);
});

test('a request aborted between its decision row and execution never runs', async () => {
  const p = await pipeline(new InFlightCalls());
  let ran = false;
  const request = new AbortController();
  request.abort();
  const tool: ToolDefinition = { ...heldTool().tool, execute: async () => { ran = true; return { structured: {}, text: 'ran' }; } };
  await runPipeline(p, tool, {}, request.signal);
  assert.equal(ran, false);
  assert.deepEqual(outcomes(p.auditFile), [['cancelled', 'call.cancelled']]);
});
