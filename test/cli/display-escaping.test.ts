// Every CLI verb that shows stored (agent-controlled) values, run as users run it (the
// compiled bin, npm run build first), against a log seeded with hostile rows: erase-line,
// OSC 52 (writes the clipboard of whoever reads the output), a right-to-left override, a
// zero-width space, a C1 CSI, carriage returns and newlines. Judged by effect: none of
// those characters reaches the output raw, each is shown as an escape (text) or a `\u`
// escape of the same value (JSON), and no stored newline starts a line of its own.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { AuditStore } from '../../src/audit/store.js';
import { BIN } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';

const OSC52 = '\u001b]52;c;cm0gLXJmIH4=\u0007';
const HOSTILE = `a\u001b[2K${OSC52}\u202egpj.exe\u200b\u009b31m\r\nforged line\nb`;
// How the text verbs show HOSTILE.
const SHOWN = 'a\\e[2K\\e]52;c;cm0gLXJmIH4=\\u{7}\\u{202e}gpj.exe\\u{200b}\\u{9b}31m\\r\\nforged line\\nb';
// Raw, any of these rewrites a terminal, writes a clipboard, reverses or hides text.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const FORMULA = "=HYPERLINK(\"http://x\")";

const dir = tempDir('warden-cli-display-');
const file = path.join(dir, 'audit.db');
const a = ['--audit', file];
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const store = await AuditStore.open(file);
const base = { session: 's-hostile', principal: `me${HOSTILE}`, client: HOSTILE };
store.append({
  ...base, call: 'call-hostile-1', tool: 'read_file', kind: 'decision', decision: 'allow', reason: `Allowed: ${HOSTILE}`,
  resource: { type: 'file', path: `/work/${HOSTILE}` }, args: { path: HOSTILE }, detail: { step: 'authorize', policyId: HOSTILE },
});
store.append({
  ...base, call: 'call-hostile-1', tool: 'read_file', kind: 'outcome', outcome: 'error', durationMs: 3,
  resource: { type: 'file', path: `/work/${HOSTILE}` }, error: { code: 'failed', message: HOSTILE },
});
store.append({
  ...base, call: 'call-hostile-2', tool: 'run_command', kind: 'decision', decision: 'deny', reason: `Denied: ${HOSTILE}`,
  resource: { type: 'command', command: 'rm', args: ['-rf', HOSTILE] }, args: { command: 'rm', args: ['-rf', HOSTILE] },
});
store.append({ ...base, call: 'call-hostile-3', tool: `${FORMULA}${HOSTILE}`, kind: 'decision', decision: 'deny', reason: `@SUM(1)${HOSTILE}` });
store.close();

interface Run { code: number; stdout: string; stderr: string }
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Text output: no raw character of the class, HOSTILE shown escaped, no stored line break. */
function assertEscapedText(out: string, what: string, lineStart: RegExp) {
  assert.doesNotMatch(out, RAW, `${what}: a raw control/bidi/invisible character: ${JSON.stringify(out)}`);
  assert.ok(out.includes(SHOWN), `${what}: shows the hostile value escaped:\n${out}`);
  for (const line of out.split('\n').filter(Boolean)) {
    assert.doesNotMatch(line, /^(forged line|b)/, `${what}: a stored newline started a line`);
    assert.match(line, lineStart, `${what}: a line not in the verb's shape: ${JSON.stringify(line)}`);
  }
}

/** JSON lines: plain ASCII-safe text (invisible characters as `\u` escapes), and lossless. */
function assertEscapedJson(out: string, what: string): unknown[] {
  assert.doesNotMatch(out, RAW, `${what}: a raw control/bidi/invisible character`);
  for (const escape of ['\\u001b]52;c;', '\\u202e', '\\u200b', '\\u009b', '\\r\\n']) assert.ok(out.includes(escape), `${what}: ${escape}`);
  const rows = out.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  assert.ok(JSON.stringify(rows).includes(JSON.stringify(HOSTILE).slice(1, -1)), `${what}: the value parses back unchanged`);
  return rows;
}

const TIME = /^\d{4}-\d\d-\d\dT/;

test('audit tail: hostile rows shown escaped, one line per call', async () => {
  const r = await cli(['audit', 'tail', ...a]);
  assert.equal(r.code, 0, r.stderr);
  assertEscapedText(r.stdout, 'tail', TIME);
  assert.equal(r.stdout.trim().split('\n').length, 3);
  assert.ok(r.stdout.includes(`rm -rf "${SHOWN}"`), 'the hostile argument is one quoted part of the command line');
});

test('audit tail --json, search --json, show --json, stats --json, export jsonl: lossless \\u escapes', async () => {
  assert.equal(assertEscapedJson((await cli(['audit', 'tail', '--json', ...a])).stdout, 'tail --json').length, 4);
  const search = assertEscapedJson((await cli(['audit', 'search', '--json', ...a])).stdout, 'search --json') as Array<Record<string, any>>;
  assert.deepEqual(search[0].args, { path: HOSTILE });
  assert.equal(search[1].error.message, HOSTILE);
  assertEscapedJson((await cli(['audit', 'show', 'call-hostile-1', '--json', ...a])).stdout, 'show --json');
  assertEscapedJson((await cli(['audit', 'stats', '--json', ...a])).stdout, 'stats --json');
  assert.equal(assertEscapedJson((await cli(['audit', 'export', ...a])).stdout, 'export jsonl').length, 4);
});

test('audit search and show: every stored field escaped', async () => {
  const search = await cli(['audit', 'search', ...a]);
  assert.equal(search.code, 0, search.stderr);
  assertEscapedText(search.stdout, 'search', TIME);
  assert.equal(search.stdout.trim().split('\n').length, 4);
  const show = await cli(['audit', 'show', 'call-hostile-1', ...a]);
  assert.equal(show.code, 0, show.stderr);
  assertEscapedText(show.stdout, 'show', /^(decision|outcome) row \d+ at |^  \S/);
  assert.match(show.stdout, /^  resource {5}"\/work\/a\\e\[2K/m);
  assert.match(show.stdout, /^  error {8}failed: a\\e\[2K/m);
});

test('audit stats: tool names and denial reasons escaped', async () => {
  const r = await cli(['audit', 'stats', ...a]);
  assert.equal(r.code, 0, r.stderr);
  assertEscapedText(r.stdout, 'stats', /^(\d+ calls|decisions|outcomes|duration|tool|read_file|run_command|=HYPERLINK|top denial| +\d+ {2})/);
});

test('audit export --format csv to stdout: cells escaped, one line per row, formulas defused with a leading \'', async () => {
  const r = await cli(['audit', 'export', '--format', 'csv', ...a]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, RAW, 'no raw ESC, OSC 52, bidi or C1 in the CSV');
  assert.ok(r.stdout.includes(SHOWN));
  assert.equal(r.stdout.trim().split('\n').length, 5, 'a header and one line per row: stored newlines are escapes');
  assert.ok(r.stdout.includes(`"'=HYPERLINK(""http://x"")${SHOWN}"`), 'a formula tool name is prefixed');
  assert.ok(r.stdout.includes(`'@SUM(1)${SHOWN}`), 'a formula reason is prefixed');
});

test('audit tail -f: a hostile row appended while following is shown escaped', async () => {
  const child = spawn(process.execPath, [BIN, 'audit', 'tail', '-f', '-n', '1', ...a], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const seen = (text: string) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tail -f did not print ${text} within 10 s; got:\n${out}`)), 10_000);
    const check = () => { if (out.includes(text)) { clearTimeout(timer); resolve(); } };
    child.stdout.on('data', (chunk) => { out += chunk; check(); });
    check();
  });
  try {
    await seen('=HYPERLINK');
    const live = await AuditStore.open(file);
    live.append({ ...base, call: 'call-live', tool: 'write_file', kind: 'decision', decision: 'deny', reason: `Live: ${HOSTILE}`, resource: { type: 'file', path: `/live/${HOSTILE}` } });
    live.close();
    await seen('write_file');
    await seen('\n');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  assertEscapedText(out, 'tail -f', TIME);
  assert.ok(out.includes(`"/live/${SHOWN}"`));
});

test('audit report: no bidi override, zero-width, control or markup raw in the HTML; each shown escaped', async () => {
  const html = path.join(dir, 'report.html');
  const r = await cli(['audit', 'report', '--out', html, ...a]);
  assert.equal(r.code, 0, r.stderr);
  const page = fs.readFileSync(html, 'utf8');
  const body = page.slice(page.indexOf('<body>'), page.indexOf('<script>'));
  assert.doesNotMatch(body, RAW, 'no raw control/bidi/invisible character in the page body');
  assert.ok(!page.includes('\u202e') && !page.includes('\u200b') && !page.includes('\u001b') && !page.includes('\u009b'));
  assert.ok(body.includes('\\u{202e}gpj.exe\\u{200b}'), 'the override and the zero-width space are visible escapes');
  assert.ok(body.includes('Denied: a\\e[2K\\e]52;c;'), 'the reason is shown with its escapes');
});

test('explain: a hostile file name in the canonical resource and in a refusal is escaped', async () => {
  const root = path.join(dir, 'root');
  fs.mkdirSync(root, { recursive: true });
  const name = `n\u202egpj.exe\u200b\u009b31m`;
  fs.writeFileSync(path.join(root, name), 'x');
  const config = path.join(dir, 'explain.json');
  fs.writeFileSync(config, JSON.stringify({
    principal: 'me', users: { me: { roles: ['developer'] } }, filesystem: { roots: [{ path: root, access: 'read' }] }, audit: { path: path.join(dir, 'explain.db') },
  }));
  const inside = await cli(['explain', '--config', config, '--tool', 'read_file', '--args', JSON.stringify({ path: path.join(root, name) })]);
  assert.equal(inside.code, 0, inside.stderr);
  assert.doesNotMatch(inside.stdout, RAW, `explain: ${JSON.stringify(inside.stdout)}`);
  assert.ok(inside.stdout.includes('n\\u202egpj.exe\\u200b\\u009b31m'), inside.stdout);
  const outside = await cli(['explain', '--config', config, '--tool', 'read_file', '--args', JSON.stringify({ path: `/tmp/${HOSTILE}` })]);
  assert.equal(outside.code, 1, outside.stderr);
  assert.doesNotMatch(outside.stdout, RAW, `explain: ${JSON.stringify(outside.stdout)}`);
  assert.ok(outside.stdout.includes('\\u{202e}gpj.exe'), outside.stdout);
});

test('check: ids, paths and condition values from the config are shown escaped too', async () => {
  const root = path.join(dir, 'ro\u202eot');
  fs.mkdirSync(root, { recursive: true });
  const config = path.join(dir, 'check.json');
  fs.writeFileSync(config, JSON.stringify({
    principal: 'me', users: { me: { roles: ['developer'] } }, filesystem: { roots: [{ path: root, access: 'read' }] }, audit: { path: path.join(dir, 'check.db') },
    policies: [{ id: 'no\u202eenv', effect: 'deny', tools: ['read_file'], when: [{ attribute: 'resource.path', operator: 'glob', value: '**/\u200b.env' }] }],
  }));
  const r = await cli(['check', '--config', config]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, RAW, JSON.stringify(r.stdout));
  assert.ok(r.stdout.includes('ro\\u{202e}ot (read)'));
  assert.ok(r.stdout.includes('deny "no\\u{202e}env" when resource.path glob "**/\\u200b.env"'));
});
