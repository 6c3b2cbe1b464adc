import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import type { ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { startServer, refusalOf, type RunningServer, type StartOptions } from '../helpers/server.js';

// DESIGN §1 step 5, end to end over real stdio: every answer to an `ask` policy, and its audit rows.

const POLICY_MESSAGE = 'Listing databases tells the agent what data exists.';
const config = {
  principal: 'me',
  users: { me: { roles: ['developer'] } },
  policies: [{ id: 'ask-before-listing', effect: 'ask', tools: ['list_databases'], message: POLICY_MESSAGE }],
  approval: { timeoutMs: 400 },
};
const ELICIT = { clientCapabilities: { elicitation: {} } };

const running: RunningServer[] = [];
after(async () => { await Promise.all(running.map((s) => s.close())); });

async function callWith(options: StartOptions) {
  const server = await startServer(config, options);
  running.push(server);
  const result = await server.call('list_databases');
  await server.close();
  const db = new Database(server.auditPath, { readonly: true });
  const rows = db.prepare('SELECT kind, decision, reason, outcome, detail FROM events ORDER BY id').all() as Array<Record<string, string>>;
  db.close();
  return { result, rows };
}

function asking(answer: (message: string) => Promise<ElicitResult> | ElicitResult) {
  const questions: string[] = [];
  return {
    questions,
    options: { ...ELICIT, onElicit: (message: string) => { questions.push(message); return answer(message); } },
  };
}

test('accept: the call runs, and the decision row records the approval before the outcome row', async () => {
  const ask = asking(() => ({ action: 'accept', content: { approve: true } }));
  const { result, rows } = await callWith(ask.options);
  assert.equal(result.isError, undefined, JSON.stringify(result));
  assert.ok(Array.isArray((result.structuredContent as { databases: unknown[] }).databases));
  assert.equal(ask.questions.length, 1, 'exactly one question');
  assert.match(ask.questions[0], /allow list_databases\?/);
  assert.ok(ask.questions[0].includes(POLICY_MESSAGE), 'the policy message is shown');
  assert.ok(ask.questions[0].includes('ask-before-listing'), 'the policy id is shown');
  assert.deepEqual(rows.map((r) => [r.kind, r.decision, r.outcome]), [['decision', 'allow', null], ['outcome', null, 'ok']]);
  assert.equal(JSON.parse(rows[0].detail).approval, 'accept');
  assert.match(rows[0].reason, /The user approved it/);
});

test('decline: refused with "the user declined", nothing runs, the answer is audited', async () => {
  const ask = asking(() => ({ action: 'decline' }));
  const { result, rows } = await callWith(ask.options);
  const refusal = refusalOf(result);
  assert.equal(refusal?.code, 'denied');
  assert.equal(refusal?.step, 'ask');
  assert.equal(refusal?.policyId, 'ask-before-listing');
  assert.match(refusal!.message, /^Approval required, but the user declined; policy "[^"]+" asks before this call/);
  assert.deepEqual(rows.map((r) => [r.kind, r.decision]), [['decision', 'deny']]);
  assert.equal(JSON.parse(rows[0].detail).approval, 'decline');
});

test('accept with approve: false is a decline, not a yes', async () => {
  const ask = asking(() => ({ action: 'accept', content: { approve: false } }));
  const { result, rows } = await callWith(ask.options);
  assert.match(refusalOf(result)!.message, /the user declined/);
  assert.equal(JSON.parse(rows[0].detail).approval, 'decline');
  assert.equal(rows.length, 1, 'no outcome row: nothing ran');
});

test('cancel: refused with "cancelled", audited as cancel', async () => {
  const ask = asking(() => ({ action: 'cancel' }));
  const { result, rows } = await callWith(ask.options);
  assert.match(refusalOf(result)!.message, /^Approval required, but the user cancelled the question; policy/);
  assert.deepEqual(rows.map((r) => [r.kind, r.decision]), [['decision', 'deny']]);
  assert.equal(JSON.parse(rows[0].detail).approval, 'cancel');
});

test('timeout: no answer within approval.timeoutMs is refused, and says how long it waited', async () => {
  const ask = asking(() => new Promise<ElicitResult>(() => { /* the human never answers */ }));
  const started = Date.now();
  const { result, rows } = await callWith(ask.options);
  assert.ok(Date.now() - started < 10_000);
  assert.match(refusalOf(result)!.message, /no answer came within 400 ms \(approval\.timeoutMs\)/);
  assert.equal(ask.questions.length, 1);
  assert.deepEqual(rows.map((r) => [r.kind, r.decision]), [['decision', 'deny']]);
  assert.equal(JSON.parse(rows[0].detail).approval, 'timeout');
});

test('a client without the elicitation capability is never asked: "approval required, but this client cannot ask" and the policy id', async () => {
  const { result, rows } = await callWith({});
  const refusal = refusalOf(result);
  assert.equal(refusal?.code, 'denied');
  assert.equal(refusal?.policyId, 'ask-before-listing');
  assert.match(refusal!.message, /^Approval required, but this client cannot ask/);
  assert.match(refusal!.message, /"ask-before-listing"/);
  assert.deepEqual(rows.map((r) => [r.kind, r.decision]), [['decision', 'deny']]);
  assert.equal(JSON.parse(rows[0].detail).approval, 'unsupported');
});
