// `mcp-warden VERB | head -1`: a reader that closes stdout early ends the verb quietly,
// status 0 and nothing on stderr, never an EPIPE stack trace (pino's test/broken-pipe).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { AuditStore } from '../../src/audit/store.js';
import { lineWriter } from '../../src/cli/audit-common.js';
import { BIN } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('warden-pipe-');
const audit = path.join(dir, 'audit.db');
const config = path.join(dir, 'mcp-warden.json');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// Enough rows that every listing is far bigger than a pipe's 64 KiB buffer.
before(async () => {
  fs.writeFileSync(config, JSON.stringify({ audit: { path: audit }, principal: 'me', users: { me: { roles: ['developer'] } } }));
  const store = await AuditStore.open(audit);
  for (let i = 0; i < 2000; i++) {
    const base = { session: 's', call: `call-${i}`, principal: 'me', tool: 'read_text_file' };
    store.append({ ...base, kind: 'decision', decision: 'allow', reason: 'Allowed: file:read is granted by role developer.', resource: { type: 'file', path: `/work/app/src/file-${i}.ts` }, args: { path: `src/file-${i}.ts` } });
    store.append({ ...base, kind: 'outcome', outcome: 'ok', durationMs: i % 50, bytes: 100 + i });
  }
  store.close();
});

/** Runs the verb with stdout read until `linesRead` lines arrived (0: not at all), then closed. */
function closedEarly(args: string[], linesRead: number): Promise<{ code: number | null; signal: string | null; stderr: string; got: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: dir } });
  let got = '';
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  if (linesRead === 0) child.stdout.destroy();
  else {
    child.stdout.on('data', (c) => {
      got += c;
      if (got.split('\n').length > linesRead) child.stdout.destroy();
    });
  }
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr, got })));
}

const AUDIT = ['--audit', audit];
const BIG: string[][] = [
  ['audit', 'export', ...AUDIT],
  ['audit', 'export', '--format', 'csv', ...AUDIT],
  ['audit', 'search', ...AUDIT],
  ['audit', 'search', '--json', ...AUDIT],
  ['audit', 'tail', '-n', '2000', ...AUDIT],
];
const SMALL: string[][] = [
  ['audit', 'verify', ...AUDIT],
  ['audit', 'stats', ...AUDIT],
  ['audit', 'show', 'call-7', ...AUDIT],
  ['--help'],
  ['audit', 'tail', '--help'],
  ['schema'],
  ['check', '--config', config],
];

for (const args of BIG) {
  test(`mcp-warden ${args.slice(0, -2).join(' ')} | head -1 exits 0 without a word on stderr`, async () => {
    const r = await closedEarly(args, 1);
    assert.ok(r.got.length > 0, 'the verb wrote its first line');
    assert.equal(r.stderr, '');
    assert.deepEqual([r.code, r.signal], [0, null]);
  });
}

for (const args of [...BIG, ...SMALL]) {
  test(`mcp-warden ${args.join(' ').replace(audit, 'LOG').replace(config, 'CONFIG')} with stdout closed before it writes: exit 0, stderr empty`, async () => {
    const r = await closedEarly(args, 0);
    assert.equal(r.stderr, '');
    assert.deepEqual([r.code, r.signal], [0, null]);
  });
}

/** A stream whose reader is gone (EPIPE) or whose disk is full (ENOSPC) after `okBytes`. */
function failingStream(code: string, okBytes: number) {
  let written = 0;
  return new Writable({
    highWaterMark: 16,
    write(chunk, _encoding, done) {
      written += chunk.length;
      if (written <= okBytes) return void setImmediate(done);
      done(Object.assign(new Error(`write ${code}`), { code }));
    },
  });
}

test('lineWriter: a reader gone away ends the output quietly, later lines are dropped', async () => {
  const writer = lineWriter(failingStream('EPIPE', 64), 32);
  for (let i = 0; i < 1000; i++) await writer.line(`row ${i} ${'x'.repeat(40)}`);
  await writer.flush();
  assert.equal(writer.closed, true);
});

test('lineWriter: any other write error (a full disk) is thrown, never swallowed', async () => {
  const writer = lineWriter(failingStream('ENOSPC', 64), 32);
  await assert.rejects(async () => {
    for (let i = 0; i < 1000; i++) await writer.line(`row ${i} ${'x'.repeat(40)}`);
    await writer.flush();
  }, { code: 'ENOSPC' });
  assert.equal(writer.closed, false);
});
