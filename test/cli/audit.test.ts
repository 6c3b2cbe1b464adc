import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { AuditStore } from '../../src/audit/store.js';
import { EXPORT_FIELDS } from '../../src/audit/query.js';
import { BIN } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { FIXTURE, writeFixtureLog } from '../fixtures/audit/log.js';

// `mcp-warden audit …` as users run it: the compiled bin in a child process (npm run build first).

interface Run { code: number; stdout: string; stderr: string }
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'audit', ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function fixture(options: { key?: Buffer } = {}) {
  const dir = tempDir('warden-cli-audit-');
  const file = path.join(dir, 'audit.db');
  await writeFixtureLog(file, options);
  return { dir, file, a: ['--audit', file] };
}

const lines = (text: string) => text.split('\n').filter(Boolean);
const children: Array<ReturnType<typeof spawn>> = [];
after(() => { for (const child of children) if (child.exitCode === null) child.kill('SIGKILL'); });

test('tail: one line per call, the last N, time tool resource decision outcome duration', async () => {
  const { a } = await fixture();
  const all = await cli(['tail', ...a]);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(lines(all.stdout).length, FIXTURE.calls);
  const two = lines((await cli(['tail', '-n', '2', ...a])).stdout);
  assert.equal(two.length, 2);
  assert.match(two[0], /^2025-03-02T08:00:00\.000Z\s+edit_file\s+\/work\/app\/docs\/guide\.md\s+allow \(accept\)\s+ok\s+20 ms$/);
  assert.match(two[1], /^2025-03-02T09:00:00\.000Z\s+sql_execute\s+main \(orders\)\s+deny\s+-$/);
  const json = lines((await cli(['tail', '-n', '1', '--json', ...a])).stdout).map((l) => JSON.parse(l));
  assert.deepEqual(json.map((r) => Object.keys(r)), [[...EXPORT_FIELDS]]);
});

test('tail shows hostile values escaped: no terminal control character reaches the screen', async () => {
  const { a } = await fixture();
  const { stdout } = await cli(['tail', ...a]);
  assert.ok(!stdout.includes('\u001b'));
  const search = await cli(['search', '--text', 'outside', ...a]);
  assert.ok(!search.stdout.includes('\u001b'));
  assert.ok(search.stdout.includes('\\e[31m'));
});

test('tail -f follows rows that another process appends', async () => {
  const { file, a } = await fixture();
  const child = spawn(process.execPath, [BIN, 'audit', 'tail', '-f', '-n', '1', ...a], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let errors = '';
  child.stderr.on('data', (chunk) => { errors += chunk; });
  const seen = (pattern: RegExp) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tail -f did not print ${pattern} within 10 s; got:\n${out}`)), 10_000);
    const check = () => { if (pattern.test(out)) { clearTimeout(timer); resolve(); } };
    child.stdout.on('data', (chunk) => { out += chunk; check(); });
    check();
  });
  await seen(/sql_execute/);
  const store = await AuditStore.open(file);
  const base = { session: 'other', call: 'live-call-1', principal: 'me', tool: 'list_commands' };
  store.append({ ...base, kind: 'decision', decision: 'allow', reason: 'Allowed.' });
  store.append({ ...base, kind: 'outcome', outcome: 'ok', durationMs: 7 });
  store.append({ ...base, call: 'live-call-2', tool: 'run_command', kind: 'decision', decision: 'deny', reason: 'Denied.', resource: { type: 'command', command: 'rm', args: ['-rf', '/'] } });
  store.close();
  await seen(/run_command\s+rm -rf \/\s+deny/);
  assert.match(out, /list_commands\s+-\s+allow\s+ok\s+7 ms/);
  child.kill('SIGTERM');
  const [code] = await new Promise<[number | null]>((resolve) => child.once('exit', (c) => resolve([c])));
  assert.equal(code, 0, `SIGTERM ends a follow cleanly; stderr: ${errors}`);
});

test('search: every filter from the command line, --json lines with the export fields', async () => {
  const { a } = await fixture();
  const json = async (...args: string[]) => lines((await cli(['search', '--json', ...args, ...a])).stdout).map((l) => JSON.parse(l));
  assert.equal((await json()).length, 15);
  assert.deepEqual((await json('--tool', 'sql_execute')).map((r) => r.call), ['c0ffee00-0000-4000-8000-000000000010']);
  assert.equal((await json('--decision', 'deny')).length, 5);
  assert.equal((await json('--decision', 'ask')).length, 2);
  assert.equal((await json('--outcome', 'error')).length, 1);
  assert.equal((await json('--principal', 'me', '--session', FIXTURE.session)).length, 15);
  assert.equal((await json('--since', '2025-03-02T00:00:00Z')).length, 3);
  assert.equal((await json('--until', '2025-03-01T09:01:00Z')).length, 2);
  assert.equal((await json('--since', '1h')).length, 0, 'relative times: the fixture is older than an hour');
  assert.equal((await json('--resource', '/work/app/docs/**', '--decision', 'deny')).length, 1);
  assert.deepEqual((await json('--text', 'secrets')).map((r) => r.call), [FIXTURE.envDenied]);
  assert.equal((await json('--limit', '1'))[0].id, 15);
  const row = (await json('--text', 'secrets'))[0];
  assert.deepEqual(Object.keys(row), [...EXPORT_FIELDS]);
});

test('search refuses bad flags with exit 2 and says what is expected', async () => {
  const { a } = await fixture();
  for (const [args, message] of [
    [['--decision', 'maybe'], /--decision is one of allow, deny, ask/],
    [['--since', 'yesterday'], /--since takes an ISO time or a relative one/],
    [['--limit', '0'], /--limit takes a positive whole number/],
    [['--text', ' '], /--text needs at least one word/],
    [['--bogus'], /Unknown option '--bogus'/],
  ] as const) {
    const r = await cli(['search', ...args, ...a]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});

test('show CALL: both rows of a call with the full explanation; unknown call exit 1', async () => {
  const { a } = await fixture();
  const r = await cli(['show', FIXTURE.approved, ...a]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^decision row 13 at 2025-03-02T08:00:00\.000Z$/m);
  assert.match(r.stdout, /explanation\s+Approval required by policy "ask-before-docs"\. The user approved it\./);
  assert.match(r.stdout, /policy\s+ask-before-docs/);
  assert.match(r.stdout, /human approval accept/);
  assert.match(r.stdout, /^outcome row 14 at 2025-03-02T08:00:00\.020Z$/m);
  const prefix = await cli(['show', FIXTURE.envDenied, '--json', ...a]);
  const [row] = lines(prefix.stdout).map((l) => JSON.parse(l));
  assert.equal(row.reason, FIXTURE.envReason);
  assert.equal(row.detail.policyId, 'no-env-files');
  const missing = await cli(['show', 'no-such-call', ...a]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No call no-such-call/);
});

test('verify: 0 intact, 1 tampered naming the first bad row and what is wrong, 2 unreadable', async () => {
  const { file, dir, a } = await fixture();
  const ok = await cli(['verify', ...a]);
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /intact: 15 rows/);
  const raw = new Database(file);
  raw.prepare("UPDATE events SET decision = 'allow' WHERE id = 5").run();
  raw.close();
  const bad = await cli(['verify', ...a]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /TAMPERED with: row 5: its content does not match its hash \(the row was edited\)/);
  const missing = await cli(['verify', '--audit', path.join(dir, 'nope.db')]);
  assert.equal(missing.code, 2);
  fs.writeFileSync(path.join(dir, 'junk.db'), 'not a database at all, just some text to fill a page '.repeat(200));
  assert.equal((await cli(['verify', '--audit', path.join(dir, 'junk.db')])).code, 2);
});

test('export: jsonl and csv in the stable field order, to stdout or --out', async () => {
  const { dir, a } = await fixture();
  const jsonl = await cli(['export', '--format', 'jsonl', ...a]);
  const rows = lines(jsonl.stdout).map((l) => JSON.parse(l));
  assert.equal(rows.length, 15);
  assert.ok(rows.every((r) => JSON.stringify(Object.keys(r)) === JSON.stringify(EXPORT_FIELDS)));
  const out = path.join(dir, 'export.csv');
  const csv = await cli(['export', '--format', 'csv', '--out', out, ...a]);
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stderr, /Exported 15 rows/);
  const text = fs.readFileSync(out, 'utf8');
  assert.equal(text.split('\n')[0], EXPORT_FIELDS.join(','));
  assert.equal((fs.statSync(out).mode & 0o777), 0o600);
  // The hostile reason is one quoted cell; a formula-looking cell is defused.
  assert.ok(text.includes('"Denied by the path guard: </td><script>window.__pwned = 1</script><img src=x onerror=""window.__pwned = 2""> '));
  assert.equal((await cli(['export', '--format', 'xml', ...a])).code, 2);
});

test('csv cells that a spreadsheet would run as formulas are defused', async () => {
  const { csvCell } = await import('../../src/cli/audit-export.js');
  assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell(12), '12');
  assert.equal(csvCell(null), '');
});

test('stats: per tool, decision, outcome, top denials, p50/p95, for a period; --json', async () => {
  const { a } = await fixture();
  const text = await cli(['stats', ...a]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^10 calls, 2025-03-01T09:00:00\.000Z \.\. 2025-03-02T09:00:00\.000Z$/m);
  assert.match(text.stdout, /decisions\s+allow 5\s+deny 5\s+asked 2 \(/);
  assert.match(text.stdout, /duration\s+p50 20 ms\s+p95 250 ms/);
  assert.match(text.stdout, /^read_text_file\s+4\s+1\s+3\s+0\s+12 ms\s+12 ms$/m);
  assert.match(text.stdout, /top denial reasons/);
  const period = JSON.parse((await cli(['stats', '--json', '--since', '2025-03-02T00:00:00Z', ...a])).stdout);
  assert.equal(period.calls, 2);
  assert.deepEqual(period.byOutcome, { ok: 1 });
});

test('prune --before: rows go, a checkpoint stays, verify still exits 0 and says so', async () => {
  const { a } = await fixture();
  const dry = await cli(['prune', '--before', '2025-03-02T00:00:00Z', '--dry-run', ...a]);
  assert.match(dry.stdout, /^Would prune 12 rows/);
  const r = await cli(['prune', '--before', '2025-03-02T00:00:00Z', ...a]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Pruned 12 rows older than 2025-03-02T00:00:00\.000Z \(through row 12\); 4 rows remain/);
  const v = await cli(['verify', ...a]);
  assert.equal(v.code, 0, v.stdout);
  assert.match(v.stdout, /intact: 4 rows.*prune checkpoint: 12 rows older than 2025-03-02T00:00:00\.000Z were removed/);
  assert.equal(lines((await cli(['tail', ...a])).stdout).length, 2, 'the checkpoint is not a call');
  const none = await cli(['prune', ...a]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /needs --before DATE/);
});

test('prune of a tampered log refuses with exit 1', async () => {
  const { file, a } = await fixture();
  const raw = new Database(file);
  raw.prepare('DELETE FROM events WHERE id = 3').run();
  raw.close();
  const r = await cli(['prune', '--before', '2025-03-02T00:00:00Z', ...a]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /Not pruned: .* TAMPERED with \(row 4: row 3 is missing/);
});

test('report --out writes one self-contained HTML file', async () => {
  const { dir, a } = await fixture();
  const out = path.join(dir, 'report.html');
  const r = await cli(['report', '--out', out, ...a]);
  assert.equal(r.code, 0, r.stderr);
  const html = fs.readFileSync(out, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.equal(html.match(/<tr class="/g)?.length, FIXTURE.calls);
  assert.equal((await cli(['report', ...a])).code, 2, '--out is required');
});

test('encrypted args: [encrypted] without the key, plain with the config that names it', async () => {
  const key = randomBytes(32);
  const { dir, file, a } = await fixture({ key });
  const without = JSON.parse(lines((await cli(['search', '--json', '--tool', 'sql_execute', ...a])).stdout)[0]);
  assert.equal(without.args, '[encrypted]');
  const config = path.join(dir, 'mcp-warden.json');
  fs.writeFileSync(config, JSON.stringify({ audit: { path: file, encryption: { keyEnv: 'WARDEN_TEST_KEY' } } }));
  const env = { WARDEN_TEST_KEY: key.toString('base64') };
  const withKey = JSON.parse(lines((await cli(['search', '--json', '--tool', 'sql_execute', '--config', config], env)).stdout)[0]);
  assert.deepEqual(withKey.args, { database: 'main', sql: 'DELETE FROM orders' });
  const shown = await cli(['show', 'c0ffee00-0000-4000-8000-000000000010', '--config', config], env);
  assert.match(shown.stdout, /args\s+\{"database":"main","sql":"DELETE FROM orders"\}/);
  const noKey = await cli(['show', 'c0ffee00-0000-4000-8000-000000000010', '--config', config]);
  assert.match(noKey.stdout, /args\s+\[encrypted\]/);
});

test('audit without a verb lists the verbs', async () => {
  const r = await cli([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /audit needs a verb: tail, search, show, verify, export, stats, prune, report/);
});
