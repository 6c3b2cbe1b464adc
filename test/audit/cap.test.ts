import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRedactor } from '../../src/audit/redact.js';
import { FIELD_MAX_BYTES, ROW_MAX_BYTES, fitRow, isCut, jsonField, textField } from '../../src/audit/cap.js';
import { AuditStore } from '../../src/audit/store.js';
import { verifyChain } from '../../src/audit/verify.js';
import { decrypt } from '../../src/audit/crypto.js';
import { decisionEvent, okRows } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const redactor = createRedactor();
const GITHUB = 'ghp_' + 'c'.repeat(36);

test('a small value is stored as plain JSON, with no digest', () => {
  const value = { path: 'src/a.ts', head: 10 };
  assert.equal(jsonField(redactor, value).stored, JSON.stringify(value));
  assert.equal(textField(redactor, 'Allowed.').stored, 'Allowed.');
  assert.equal(jsonField(redactor, undefined).stored, null);
});

test('a million-element array is stored within the field cap: cut, with the size and digest of the whole', () => {
  const value = { paths: Array.from({ length: 1_000_000 }, (_, i) => `p${i}`) };
  const stored = jsonField(redactor, value).stored!;
  assert.ok(Buffer.byteLength(stored) <= FIELD_MAX_BYTES, `${stored.length}`);
  const marker = JSON.parse(stored);
  assert.ok(isCut(marker));
  assert.equal(marker.bytes, Buffer.byteLength(JSON.stringify(value)));
  assert.equal(marker.sha256, sha256(JSON.stringify(value)));
  assert.deepEqual(marker.kept.paths.slice(0, 2), ['p0', 'p1']);
});

test('the digest is over the redacted value: a guessed secret cannot be confirmed from the log', () => {
  const value = { content: 'x'.repeat(100_000), password: 'hunter2', note: `token ${GITHUB}` };
  const marker = JSON.parse(jsonField(redactor, value).stored!);
  const redacted = { content: 'x'.repeat(100_000), password: '[redacted]', note: 'token [redacted:github-token]' };
  assert.equal(marker.sha256, sha256(JSON.stringify(redacted)));
  assert.notEqual(marker.sha256, sha256(JSON.stringify(value)));
  assert.equal(redactor.canonical(value), JSON.stringify(redacted), 'canonical() is the form the digest covers');
  assert.ok(!JSON.stringify(marker).includes('hunter2'));
});

test('a token past the kept part is still left out of the digest input', () => {
  const value = { list: [...Array.from({ length: 5000 }, () => 'filler'), GITHUB] };
  const marker = JSON.parse(jsonField(redactor, value).stored!);
  assert.equal(marker.sha256, sha256(JSON.stringify({ list: [...value.list.slice(0, -1), '[redacted:github-token]'] })));
});

test('multi-byte and escaped text is cut by bytes, not characters', () => {
  for (const unit of ['\u{1F600}', '\u0001', 'é']) {
    const stored = jsonField(redactor, { a: Array.from({ length: 3000 }, () => unit.repeat(20)) }).stored!;
    assert.ok(Buffer.byteLength(stored) <= FIELD_MAX_BYTES, `${JSON.stringify(unit)}: ${Buffer.byteLength(stored)} bytes`);
    assert.ok(isCut(JSON.parse(stored)));
  }
});

test('an agent value that looks like a cut marker is stored inside a real one, never as one', () => {
  const forged = { cut: true, bytes: 3, sha256: '0'.repeat(64), kept: { path: '/etc/shadow' } };
  const marker = JSON.parse(jsonField(redactor, forged).stored!);
  assert.equal(marker.sha256, sha256(JSON.stringify(forged)));
  assert.deepEqual(marker.kept, forged);
});

test('a long text column keeps a prefix and says it was cut, with the digest of the redacted whole', () => {
  const value = `${'r'.repeat(30_000)} ${GITHUB}`;
  const stored = textField(redactor, value).stored!;
  assert.ok(Buffer.byteLength(stored) <= FIELD_MAX_BYTES);
  const whole = `${'r'.repeat(30_000)} [redacted:github-token]`;
  assert.ok(stored.startsWith('rrrr'));
  assert.ok(stored.endsWith(`…[cut by the audit store: ${whole.length} bytes in all, sha256 ${sha256(whole)}]`), stored.slice(-120));
});

test('a row of large columns is refitted within the row cap, small columns untouched', () => {
  const big = () => jsonField(redactor, { list: Array.from({ length: 100_000 }, (_, i) => i) });
  const fields = [textField(redactor, 'short'), big(), big(), big(), big(), big()];
  const stored = fitRow(fields);
  const total = stored.reduce((n, s) => n + Buffer.byteLength(s ?? ''), 0);
  assert.ok(total <= ROW_MAX_BYTES, `${total}`);
  assert.equal(stored[0], 'short');
  for (const s of stored.slice(1)) assert.ok(isCut(JSON.parse(s!)));
});

test('the store caps every column of a refused call, encrypted args too, and the chain verifies', async (t) => {
  const key = crypto.randomBytes(32);
  for (const options of [{}, { key }]) {
    const store = await AuditStore.open(path.join(tempDir('warden-audit-', t), 'audit.db'), options);
    const huge = 'q'.repeat(2_000_000);
    store.append(decisionEvent('c1', {
      client: huge, reason: huge, resource: { type: 'file', paths: [huge] }, args: { paths: [huge, huge] },
      error: { code: 'invalid_input', message: huge }, detail: { step: 'validate', note: huge },
    }));
    const row = store.db.prepare('SELECT * FROM events').get() as Record<string, string>;
    const size = ['client', 'reason', 'resource', 'args', 'error', 'detail'].reduce((n, c) => n + Buffer.byteLength(row[c]), 0);
    assert.ok(size <= ROW_MAX_BYTES, `row of ${size} bytes`);
    const args = 'key' in options ? decrypt(row.args, key) : row.args;
    assert.equal(JSON.parse(args).cut, true);
    assert.deepEqual(okRows(verifyChain(store.db)), { ok: true, rows: 1 });
    store.close();
  }
});

test('canonical(): a secret key name with no token shape anywhere is redacted too, the rest shared unchanged', () => {
  const value = { list: Array.from({ length: 10_000 }, (_, i) => `item ${i}`), nested: [{ auth: { user: 'u' }, keep: 1 }, 'x'], __proto__: null };
  const expected = JSON.stringify({ list: value.list, nested: [{ auth: '[redacted]', keep: 1 }, 'x'] });
  assert.equal(redactor.canonical(value), expected);
  assert.equal(JSON.parse(jsonField(redactor, value).stored!).sha256, sha256(expected));
  const deep: Record<string, unknown> = { v: 1 };
  let tree: Record<string, unknown> = deep;
  for (let i = 0; i < 30; i += 1) tree = { a: tree };
  assert.ok(!redactor.canonical(tree).includes('"v":1'), 'a subtree too deep to walk is not in the digest input either');
});
