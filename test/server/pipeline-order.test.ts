import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { parseConfig } from '../../src/startup.js';
import { AuditStore } from '../../src/audit/store.js';
import { RateLimiter } from '../../src/limits/rate-limiter.js';
import { runPipeline, type Approver, type CallReport, type PipelineDeps } from '../../src/server/pipeline.js';
import { WardenError } from '../../src/errors.js';
import type { ToolDefinition } from '../../src/tools/contract.js';
import { tempDir } from '../helpers/temp.js';
import { auditRows } from '../helpers/audit-rows.js';

/** A tool that records the order in which the pipeline reaches it. */
function spyTool(log: string[], options: { guardThrows?: WardenError; executeThrows?: Error; auditFile?: string; effects?: boolean } = {}): ToolDefinition {
  return {
    name: 'list_databases', description: 'spy', permission: 'database:read',
    inputSchema: z.strictObject({ n: z.number().optional() }), outputSchema: z.object({}),
    // A tool with effects writes its decision row before it runs; one without, with its outcome.
    annotations: { readOnlyHint: !options.effects, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    guard() {
      log.push('guard');
      if (options.guardThrows) throw options.guardThrows;
      return { resource: { type: 'database', database: 'main', tables: ['t'] }, plan: 'the plan' };
    },
    async execute(_args, plan) {
      log.push(`execute:${plan}`);
      if (options.auditFile) log.push(`rows-before-execute:${auditRows(options.auditFile).length}`);
      if (options.executeThrows) throw options.executeThrows;
      return { structured: {}, text: 'done' };
    },
  };
}

async function pipeline(raw: Record<string, unknown>, approve?: Approver): Promise<PipelineDeps & { auditFile: string }> {
  const dir = tempDir();
  const auditFile = path.join(dir, 'audit.db');
  const config = parseConfig({ principal: 'me', users: { me: { roles: ['developer'] } }, audit: { path: auditFile }, ...raw }, path.join(dir, 'c.json'));
  const store = await AuditStore.open(auditFile);
  return {
    auditFile,
    session: { id: 's', config, logger: pino({ level: 'silent' }), clientRoots: () => undefined },
    limiter: new RateLimiter(config.rateLimits), audit: async () => store,
    approve: approve ?? (async () => ({ approved: false, answer: 'unsupported', reason: 'no client' })),
    clientName: () => 'test',
  };
}

const signal = new AbortController().signal;

test('order: guard, then the decision row, then execution with the guard\'s plan, then the outcome row', async () => {
  const log: string[] = [];
  const p = await pipeline({});
  const result = await runPipeline(p, spyTool(log, { auditFile: p.auditFile, effects: true }), {}, signal);
  assert.equal(result.isError, undefined);
  assert.deepEqual(log, ['guard', 'execute:the plan', 'rows-before-execute:1']);
  assert.deepEqual(auditRows(p.auditFile).map((r) => r.kind), ['decision', 'outcome']);
});

test('a tool without effects writes its decision and outcome rows in one commit, after it ran and before it answers', async () => {
  const log: string[] = [];
  const p = await pipeline({});
  const store = await p.audit();
  const commits: number[] = [];
  const { append, appendAll } = store;
  store.append = (e) => { commits.push(1); return append.call(store, e); };
  store.appendAll = (es) => { commits.push(es.length); return appendAll.call(store, es); };
  const result = await runPipeline(p, spyTool(log, { auditFile: p.auditFile }), {}, signal);
  assert.equal(result.isError, undefined);
  assert.deepEqual(log, ['guard', 'execute:the plan', 'rows-before-execute:0']);
  assert.deepEqual(commits, [2], 'one commit of two rows');
  const rows = auditRows(p.auditFile);
  assert.deepEqual(rows.map((r) => [r.kind, r.decision, r.outcome]), [['decision', 'allow', null], ['outcome', null, 'ok']]);
  assert.equal(rows[0].call, rows[1].call);
  // Refusals stay one row.
  await runPipeline(p, spyTool(log), { n: 'x' }, signal);
  assert.deepEqual(commits, [2, 1]);
});

test('a tool without effects whose rows cannot be written ran, but its answer is withheld', async () => {
  const log: string[] = [];
  const p = await pipeline({});
  const store = await p.audit();
  store.appendAll = () => { throw new Error('disk full'); };
  const secretful = { ...spyTool(log), execute: async () => { log.push('execute'); return { structured: { secret: 'S3CRET' }, text: 'S3CRET' }; } } as ToolDefinition;
  const result = await runPipeline(p, secretful, {}, signal);
  assert.deepEqual(log, ['guard', 'execute']);
  assert.equal((result.structuredContent as any).error.code, 'failed');
  assert.equal((result.structuredContent as any).error.step, 'audit');
  assert.match((result.structuredContent as any).error.message, /answer was withheld/);
  assert.ok(!JSON.stringify(result).includes('S3CRET'), 'nothing of the answer left unrecorded');
  assert.deepEqual(auditRows(p.auditFile), []);
});

test('rate limit comes before validation: a flood of bad input is throttled too', async () => {
  const log: string[] = [];
  const p = await pipeline({ rateLimits: { tools: { list_databases: { capacity: 1, refillPerSecond: 0.001 } } } });
  const first = await runPipeline(p, spyTool(log), { n: 'not a number' }, signal);
  const second = await runPipeline(p, spyTool(log), { n: 'not a number' }, signal);
  assert.equal((first.structuredContent as any).error.code, 'invalid_input');
  assert.equal((second.structuredContent as any).error.code, 'rate_limited');
  assert.deepEqual(log, [], 'the guard never saw invalid input');
});

test('a guard refusal stops the call before policy and execution, and is audited', async () => {
  const log: string[] = [];
  const p = await pipeline({});
  const refusal = new WardenError('denied', 'outside the roots', { step: 'guard', rule: 'path.outside_roots' });
  const result = await runPipeline(p, spyTool(log, { guardThrows: refusal }), {}, signal);
  assert.equal((result.structuredContent as any).error.rule, 'path.outside_roots');
  assert.deepEqual(log, ['guard']);
  const rows = auditRows(p.auditFile);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].decision, 'deny');
  assert.equal(rows[0].reason, 'outside the roots');
});

test('an unexpected guard error fails closed as `failed` without leaking its message', async () => {
  const log: string[] = [];
  const p = await pipeline({});
  const tool = spyTool(log);
  tool.guard = () => { throw new Error('EACCES /secret/internal/path'); };
  const result = await runPipeline(p, tool, {}, signal);
  assert.equal((result.structuredContent as any).error.code, 'failed');
  assert.ok(!JSON.stringify(result).includes('/secret/internal/path'));
});

test('an ask without a yes is refused and never executed; a yes runs it', async () => {
  const log: string[] = [];
  const policies = [{ id: 'confirm', effect: 'ask', tools: ['list_databases'] }];
  const no = await pipeline({ policies });
  const refused = await runPipeline(no, spyTool(log), {}, signal);
  assert.equal((refused.structuredContent as any).error.message, 'Approval required, but no client; policy "confirm" asks before this call. The call was not run.');
  assert.deepEqual(log, ['guard']);
  const yes = await pipeline({ policies }, async () => ({ approved: true, answer: 'accept', reason: 'the user approved' }));
  await runPipeline(yes, spyTool(log), {}, signal);
  assert.deepEqual(log, ['guard', 'guard', 'execute:the plan']);
  assert.equal(JSON.parse(auditRows(yes.auditFile)[0].detail).approval, 'accept');
});

test('a failing execution is audited as an error outcome and answered without internals', async () => {
  const log: string[] = [];
  const p = await pipeline({});
  const result = await runPipeline(p, spyTool(log, { executeThrows: new Error('stack trace inside') }), {}, signal);
  assert.equal((result.structuredContent as any).error.code, 'failed');
  assert.ok(!JSON.stringify(result).includes('stack trace inside'));
  assert.deepEqual(auditRows(p.auditFile).map((r) => [r.kind, r.outcome]), [['decision', null], ['outcome', 'error']]);
});

test('a result over limits.maxResultBytes is refused as too_large', async () => {
  const p = await pipeline({ limits: { maxResultBytes: 100 } });
  const tool = spyTool([]);
  tool.execute = async () => ({ structured: {}, text: 'x'.repeat(500) });
  const result = await runPipeline(p, tool, {}, signal);
  assert.equal((result.structuredContent as any).error.code, 'too_large');
});

test('an audit store that fails refuses the call before execution', async () => {
  const log: string[] = [];
  const p = await pipeline({});
  p.audit = async () => { throw new Error('disk full'); };
  const result = await runPipeline(p, spyTool(log, { effects: true }), {}, signal);
  assert.equal((result.structuredContent as any).error.code, 'failed');
  assert.deepEqual(log, ['guard']);
});

test('a limit that never refills says so instead of "retry in Infinity ms"', async () => {
  const p = await pipeline({ rateLimits: { tools: { list_databases: { capacity: 1, refillPerSecond: 0 } } } });
  await runPipeline(p, spyTool([]), {}, signal);
  const error = (await runPipeline(p, spyTool([]), {}, signal)).structuredContent as any;
  assert.equal(error.error.message, 'Rate limited: principal "me" is over the rate limit for list_databases (rateLimits.tools.list_databases); this limit does not refill during the session.');
  assert.equal('retryAfterMs' in error.error, false);
});

test('a principal without the permission is refused before the guard runs, so it learns nothing about the resource', async () => {
  const log: string[] = [];
  const p = await pipeline({ users: { me: { roles: ['readonly'] } } });
  const tool = spyTool(log);
  tool.permission = 'database:write';
  const result = await runPipeline(p, tool, {}, signal);
  const error = (result.structuredContent as any).error;
  assert.equal(error.code, 'denied');
  assert.equal(error.implicit, true);
  assert.equal(error.step, 'authorize');
  assert.deepEqual(log, [], 'the guard never ran');
  const [row] = auditRows(p.auditFile);
  assert.equal(row.decision, 'deny');
  assert.equal(row.resource, null);
});

test('each call is reported once to observe: ran, refused by a limit, refused by policy, audit failed', async () => {
  const reports: CallReport[] = [];
  const p = await pipeline({ rateLimits: { tools: { list_databases: { capacity: 2, refillPerSecond: 0.001 } } } });
  p.observe = (r) => reports.push(r);
  await runPipeline(p, spyTool([]), {}, signal);
  await runPipeline(p, spyTool([], { executeThrows: new Error('boom') }), {}, signal);
  await runPipeline(p, spyTool([]), {}, signal);
  const broken = { ...p, audit: async () => { throw new Error('disk gone'); } } as PipelineDeps;
  const unrecorded = await runPipeline(broken, { ...spyTool([], { effects: true }), name: 'describe_table' }, {}, signal);
  assert.equal((unrecorded.structuredContent as any).error.code, 'failed');
  const summary = reports.map(({ tool, decision, code, outcome, auditFailed }) => ({ tool, decision, code, outcome, auditFailed }));
  assert.deepEqual(summary, [
    { tool: 'list_databases', decision: 'allow', code: undefined, outcome: 'ok', auditFailed: false },
    { tool: 'list_databases', decision: 'allow', code: undefined, outcome: 'error', auditFailed: false },
    { tool: 'list_databases', decision: 'deny', code: 'rate_limited', outcome: undefined, auditFailed: false },
    { tool: 'describe_table', decision: 'deny', code: 'failed', outcome: undefined, auditFailed: true },
  ]);
  assert.ok(reports.every((r) => r.durationMs >= 0 && Number.isFinite(r.durationMs)));
});

test('an observer that throws never changes the answer', async () => {
  const p = await pipeline({});
  p.observe = () => { throw new Error('metrics broke'); };
  const result = await runPipeline(p, spyTool([]), {}, signal);
  assert.equal(result.isError, undefined);
});
