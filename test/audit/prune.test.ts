import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AuditStore, openAuditDatabase } from '../../src/audit/store.js';
import { pruneBefore } from '../../src/audit/prune.js';
import { verifyChain, CHECKPOINT_KIND } from '../../src/audit/verify.js';
import { searchEvents } from '../../src/audit/query.js';
import { catchUpFullText } from '../../src/audit/fts.js';
import { tempDir } from '../helpers/temp.js';
import { writeFixtureLog } from '../fixtures/audit/log.js';

async function fixture() {
  const file = path.join(tempDir('warden-prune-'), 'audit.db');
  await writeFixtureLog(file);
  const db = await openAuditDatabase(file);
  catchUpFullText(db);
  return { file, db };
}

const append = async (file: string, n = 1) => {
  const store = await AuditStore.open(file);
  for (let i = 0; i < n; i++) store.append({ session: 's', call: `after-${i}`, principal: 'me', tool: 'list_databases', kind: 'decision', decision: 'allow', reason: 'later' });
  store.close();
};


/** Runs one raw statement on the closed log file, as an attacker with the file would, then verifies. */
function tamperAndVerify(file: string, sql: string) {
  const raw = new Database(file);
  raw.prepare(sql).run();
  return verifyChain(raw);
}
test('prune removes the rows before the date, leaves a checkpoint first, and verify still passes', async () => {
  const { db } = await fixture();
  const result = pruneBefore(db, '2025-03-02T00:00:00.000Z');
  assert.ok('checkpoint' in result);
  assert.equal(result.pruned, 12);
  const rows = searchEvents(db, {});
  assert.equal(rows[0].kind, CHECKPOINT_KIND);
  assert.equal(rows[0].id, 12, 'the checkpoint takes the id of the last pruned row');
  assert.equal(rows[0].hash, result.checkpoint.lastHash);
  assert.equal(rows[1].prev_hash, result.checkpoint.lastHash, 'the next row still links to it');
  assert.ok(rows.slice(1).every((r) => (r.ts as string) >= '2025-03-02'));
  const verdict = verifyChain(db);
  assert.deepEqual({ ok: verdict.ok, rows: verdict.rows }, { ok: true, rows: 4 });
  assert.equal(verdict.ok && verdict.checkpoint?.prunedRows, 12);
  const indexed = (q: string) => db.prepare('SELECT count(*) FROM events_fts WHERE events_fts MATCH ?').pluck().get(q);
  assert.equal(indexed('secrets'), 0, 'pruned rows leave the full-text index too');
  assert.equal(indexed('approved'), 1, 'kept rows stay in it');
});

test('rows appended after a prune chain on, also when everything was pruned', async () => {
  const { file, db } = await fixture();
  const result = pruneBefore(db, '2030-01-01T00:00:00.000Z');
  assert.equal(result.pruned, 15);
  assert.equal(searchEvents(db, {}).length, 1);
  db.close();
  await append(file, 3);
  const again = await openAuditDatabase(file);
  const rows = searchEvents(again, {});
  assert.deepEqual(verifyChain(again), {
    ok: true, rows: 4, checkpoint: JSON.parse(rows[0].detail as string), head: { id: rows[3].id, hash: rows[3].hash },
  });
});

test('a second prune replaces the checkpoint and counts every pruned row', async () => {
  const { db } = await fixture();
  pruneBefore(db, '2025-03-01T10:00:00.000Z');
  const second = pruneBefore(db, '2025-03-02T00:00:00.000Z');
  assert.ok('checkpoint' in second);
  assert.equal(second.checkpoint.prunedRows, 12);
  assert.equal(searchEvents(db, { kind: CHECKPOINT_KIND }).length, 1);
  assert.equal(verifyChain(db).ok, true);
});

test('nothing older than the date: nothing changes', async () => {
  const { db } = await fixture();
  assert.deepEqual(pruneBefore(db, '2020-01-01T00:00:00.000Z'), { pruned: 0, reason: 'no row is older than 2020-01-01T00:00:00.000Z' });
  pruneBefore(db, '2025-03-02T00:00:00.000Z');
  assert.equal(pruneBefore(db, '2025-03-02T00:00:00.000Z').pruned, 0, 'pruning twice at one date is a no-op');
  assert.equal(searchEvents(db, {}).length, 4);
});

test('--dry-run counts without removing', async () => {
  const { db } = await fixture();
  assert.equal(pruneBefore(db, '2025-03-02T00:00:00.000Z', { dryRun: true }).pruned, 12);
  assert.equal(searchEvents(db, {}).length, 15);
});

test('a tampered log is not pruned: that would destroy the evidence', async () => {
  const { db } = await fixture();
  db.prepare("UPDATE events SET reason = 'nothing to see' WHERE id = 5").run();
  const result = pruneBefore(db, '2025-03-02T00:00:00.000Z');
  assert.deepEqual(result, { pruned: 0, tampered: { id: 5, problem: 'its content does not match its hash (the row was edited)' } });
  assert.equal(searchEvents(db, {}).length, 15);
});

test('an edited checkpoint is caught: its content is sealed', async () => {
  const { file, db } = await fixture();
  pruneBefore(db, '2025-03-02T00:00:00.000Z');
  db.close();
  const raw = new Database(file);
  const detail = JSON.parse(raw.prepare('SELECT detail FROM events WHERE id = 12').pluck().get() as string);
  raw.prepare('UPDATE events SET detail = ? WHERE id = 12').run(JSON.stringify({ ...detail, prunedRows: 1 }));
  const verdict = verifyChain(raw);
  assert.equal(verdict.ok, false);
  assert.equal(!verdict.ok && verdict.id, 12);
  assert.match(!verdict.ok ? verdict.problem : '', /checkpoint whose content does not match its seal/);
});

test('a forged checkpoint in the middle of the chain is refused', async () => {
  const { file, db } = await fixture();
  db.close();
  const verdict = tamperAndVerify(file, "UPDATE events SET kind = 'checkpoint' WHERE id = 7");
  assert.equal(!verdict.ok && verdict.id, 7);
  assert.match(!verdict.ok ? verdict.problem : '', /only valid as the first row/);
});

test('deleting the first row after a checkpoint is still caught', async () => {
  const { file, db } = await fixture();
  pruneBefore(db, '2025-03-02T00:00:00.000Z');
  db.close();
  const verdict = tamperAndVerify(file, 'DELETE FROM events WHERE id = 13');
  assert.equal(!verdict.ok && verdict.id, 14);
  assert.match(!verdict.ok ? verdict.problem : '', /row 13 is missing/);
});

test('deleting a prefix without a checkpoint is still tampering', async () => {
  const { file, db } = await fixture();
  db.close();
  const verdict = tamperAndVerify(file, 'DELETE FROM events WHERE id <= 3');
  assert.equal(!verdict.ok && verdict.id, 4);
  assert.match(!verdict.ok ? verdict.problem : '', /row 1 is missing/);
});
