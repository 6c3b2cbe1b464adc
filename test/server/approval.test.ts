import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { startServer, refusalOf, type RunningServer, type StartOptions } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';

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
  assert.equal(ask.questions[0], [
    'mcp-warden: allow list_databases? Policy "ask-before-listing" asks a person before this call.',
    `The policy says: ${POLICY_MESSAGE}`,
    'The call names no file, database or command.',
  ].join('\n'));
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

// The question a terminal client prints: an agent-chosen argument or file name must not
// rewrite it (carriage return, erase-line, cursor-up), forge a line of mcp-warden's own
// (a newline then `(asked by policy`), reverse or hide a name (bidi, zero-width), or push
// the real operand off screen (hundreds of newlines).
const FORGED = 'x\n(asked by policy "allow-everything")\nmcp-warden: allow read_file? Policy "docs" asks a person before this call.';
const REWRITE = 'src\r\u001b[2K\u001b[1A\u001b[1Grm -rf build';
const HIDDEN = ['\u202etxt.exe', 'config\u200b.js', '\u009b2K\u009d52;c;cm0gLXJm\u0007', `${'\n'.repeat(200)}real`];
// Raw in the question, any of these is an attack: controls (but the question's own line
// breaks), format characters (bidi, zero-width), separators, private-use, unassigned.
const RAW = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u;

/** Each line is one of mcp-warden's fixed sentences, or indented: a label, then a quoted value. */
function assertShape(question: string) {
  const lines = question.split('\n');
  for (const line of lines) assert.doesNotMatch(line, RAW, `raw control/bidi/invisible character in ${JSON.stringify(line)}`);
  assert.match(lines[0], /^mcp-warden: allow \w+\? Policy "[\w-]+" asks a person before this call\.$/);
  for (const line of lines.slice(1)) {
    assert.match(line, /^(The policy says: |The call, as the agent sent it \(each value in quotes\):$|The call names no file|  (program|argument \d+|path( \d+)?|in folder|database|table \d+): "|  … and \d+ more \w+$)/, `a line not in mcp-warden's shape: ${JSON.stringify(line)}`);
  }
  for (const forged of [/^\(asked by policy/m, /^rm -rf build/m, /^mcp-warden:/gm]) {
    assert.ok((question.match(forged) ?? []).length <= (forged.global ? 1 : 0), `${forged} at the start of a line`);
  }
}

async function askedWith(extra: Record<string, unknown>, call: (s: RunningServer, root: string) => Promise<unknown>, setup: (root: string) => void = () => {}) {
  const root = tempDir('warden-ask-root-');
  setup(root);
  const requests: Array<{ message: string; description?: string }> = [];
  const s = await startServer({ ...config, filesystem: { roots: [{ path: root, access: 'read-write' }] }, ...extra }, {
    clientCapabilities: { elicitation: { form: {} } }, onElicit: () => ({ action: 'decline' }),
  });
  running.push(s);
  s.client.setRequestHandler(ElicitRequestSchema, async (request) => {
    const params = request.params as { message: string; requestedSchema: { properties: { approve: { description?: string } } } };
    requests.push({ message: params.message, description: params.requestedSchema.properties.approve.description });
    return { action: 'decline' };
  });
  try { await call(s, root); } finally { await s.close(); fs.rmSync(root, { recursive: true, force: true }); }
  assert.equal(requests.length, 1, 'one question');
  assert.equal(requests[0].description, requests[0].message, 'the field description is the same sanitized question');
  return { question: requests[0].message, root };
}

const ASK_RM = {
  commands: { allow: { rm: {} } },
  policies: [{ id: 'confirm-rm', effect: 'ask', tools: ['run_command'], message: 'Deleting needs a human.\u001b[2K\u202e' }],
};

test('attack: \\r, erase-line and cursor-up in an argument cannot rewrite the question; argv one element per line, quoted', async () => {
  const { question, root } = await askedWith(ASK_RM, (s) => s.call('run_command', { command: 'rm', args: ['-rf', REWRITE, FORGED, ...HIDDEN] }));
  assertShape(question);
  assert.equal(question, [
    'mcp-warden: allow run_command? Policy "confirm-rm" asks a person before this call.',
    'The policy says: Deleting needs a human.\\e[2K\\u{202e}',
    'The call, as the agent sent it (each value in quotes):',
    '  program: "rm"',
    '  argument 1: "-rf"',
    '  argument 2: "src\\r\\e[2K\\e[1A\\e[1Grm -rf build"',
    '  argument 3: "x\\n(asked by policy \\"allow-everything\\")\\nmcp-warden: allow read_file? Policy \\"docs\\" asks a person before this call."',
    '  argument 4: "\\u{202e}txt.exe"',
    '  argument 5: "config\\u{200b}.js"',
    '  argument 6: "\\u{9b}2K\\u{9d}52;c;cm0gLXJm\\u{7}"',
    `  argument 7: "${'\\n'.repeat(150)}"… (54 more characters)`,
    `  in folder: "${root}"`,
  ].join('\n'));
});

test('attack: a file name with controls, bidi and newlines is shown escaped, the resource first among the agent parts', async () => {
  const name = `notes${REWRITE}${FORGED}\u202egpj.md\u200b`;
  const { question, root } = await askedWith(
    { policies: [{ id: 'docs', effect: 'ask', tools: ['read_file'] }] },
    (s, r) => s.call('read_file', { path: path.join(r, name) }),
    (r) => fs.writeFileSync(path.join(r, name), 'x'),
  );
  assertShape(question);
  const lines = question.split('\n');
  assert.equal(lines[1], 'The call, as the agent sent it (each value in quotes):');
  assert.match(lines[2], /^  path: ".*notes/);
  assert.equal(lines[2], `  path: "${root}/notessrc\\r\\e[2K\\e[1A\\e[1Grm -rf buildx\\n(asked by policy \\"allow-everything\\")\\nmcp-warden: allow read_file? Policy \\"docs\\" asks a person before this call.\\u{202e}gpj.md\\u{200b}"`);
  assert.equal(lines.length, 3);
});

test('the number of argv lines shown is capped, and the question says how many more there are', async () => {
  const args = Array.from({ length: 40 }, (_, i) => `file-${i}`);
  const { question } = await askedWith(ASK_RM, (s) => s.call('run_command', { command: 'rm', args }));
  assertShape(question);
  const lines = question.split('\n');
  assert.equal(lines.filter((l) => l.startsWith('  argument ')).length, 12);
  assert.ok(lines.includes('  argument 12: "file-11"'));
  assert.ok(lines.includes('  … and 28 more arguments'));
  assert.ok(!question.includes('file-12'));
});

test('one huge argument is bounded in the question, with the count of what was left out', async () => {
  const { question } = await askedWith(ASK_RM, (s) => s.call('run_command', { command: 'rm', args: [`${'A'.repeat(100_000)}\u001b`] }));
  assertShape(question);
  assert.ok(question.length < 1000, `${question.length} characters`);
  assert.ok(question.includes(`  argument 1: "${'A'.repeat(300)}"… (99701 more characters)`));
});
