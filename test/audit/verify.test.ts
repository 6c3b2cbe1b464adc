import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AuditStore } from '../../src/audit/store.js';
import { verifyChain } from '../../src/audit/verify.js';
import { decisionEvent } from './helpers.js';
import { tempDir, type Owner } from '../helpers/temp.js';

async function storeWith(t: Owner, n: number) {
  const store = await AuditStore.open(path.join(tempDir('warden-audit-', t), 'audit.db'));
  t.after(() => store.close());
  for (let i = 1; i <= n; i += 1) store.append(decisionEvent(`c${i}`, { args: { path: `f${i}.txt` } }));
  return store;
}

const EDITED = 'its content does not match its hash (the row was edited)';
const LINK = 'its link to the previous row does not match (a row before it was changed, removed or reordered)';

test('an intact log verifies with its row count; an empty one too', async (t) => {
  const five = (await storeWith(t, 5)).db;
  const last = five.prepare('SELECT id, hash FROM events ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
  assert.deepEqual(verifyChain(five), { ok: true, rows: 5, head: { id: 5, hash: last.hash } });
  assert.deepEqual(verifyChain((await storeWith(t, 0)).db), { ok: true, rows: 0 });
});

test('an edited argument: verify names that row', async (t) => {
  const store = await storeWith(t, 5);
  store.db.prepare(`UPDATE events SET args = '{"path":"innocent.txt"}' WHERE id = 3`).run();
  assert.deepEqual(verifyChain(store.db), { ok: false, rows: 2, id: 3, problem: EDITED });
});

test('an edited decision (deny turned into allow): verify names that row', async (t) => {
  const store = await storeWith(t, 3);
  store.db.prepare(`UPDATE events SET decision = 'deny' WHERE id = 2`).run();
  assert.deepEqual(verifyChain(store.db), { ok: false, rows: 1, id: 2, problem: EDITED });
});

test('an edit whose row hash is recomputed still breaks the next row\'s link', async (t) => {
  const store = await storeWith(t, 4);
  const { rowHash } = await import('../../src/audit/chain.js');
  const row = store.db.prepare('SELECT * FROM events WHERE id = 2').get() as Parameters<typeof rowHash>[1] & { prev_hash: string };
  const forged = { ...row, tool: 'write_file' };
  store.db.prepare('UPDATE events SET tool = ?, hash = ? WHERE id = 2').run('write_file', rowHash(row.prev_hash, forged));
  assert.deepEqual(verifyChain(store.db), { ok: false, rows: 2, id: 3, problem: LINK });
});

test('a deleted row: verify names the gap', async (t) => {
  const store = await storeWith(t, 5);
  store.db.prepare('DELETE FROM events WHERE id = 2').run();
  assert.deepEqual(verifyChain(store.db), { ok: false, rows: 1, id: 3, problem: 'row 2 is missing (next row is 3)' });
});

test('a deleted first row is found too', async (t) => {
  const store = await storeWith(t, 3);
  store.db.prepare('DELETE FROM events WHERE id = 1').run();
  assert.deepEqual(verifyChain(store.db), { ok: false, rows: 0, id: 2, problem: 'row 1 is missing (next row is 2)' });
});

test('a deleted row with the ids renumbered to close the gap breaks the link', async (t) => {
  const store = await storeWith(t, 4);
  store.db.exec('DELETE FROM events WHERE id = 2; UPDATE events SET id = id - 1 WHERE id > 2');
  assert.deepEqual(verifyChain(store.db), { ok: false, rows: 1, id: 2, problem: LINK });
});

test('two rows reordered (their whole content swapped, hashes included) break the link', async (t) => {
  const store = await storeWith(t, 4);
  const cols = (store.db.prepare('SELECT name FROM pragma_table_info(\'events\') WHERE name <> \'id\'').all() as Array<{ name: string }>).map((c) => c.name);
  const set = cols.map((c) => `${c} = (SELECT ${c} FROM events AS o WHERE o.id = CASE events.id WHEN 2 THEN 3 ELSE 2 END)`).join(', ');
  store.db.exec(`CREATE TEMP TABLE snapshot AS SELECT * FROM events`);
  store.db.exec(`UPDATE events SET ${set.replaceAll('FROM events AS o', 'FROM snapshot AS o')} WHERE id IN (2, 3)`);
  assert.equal((store.db.prepare('SELECT call FROM events WHERE id = 2').get() as { call: string }).call, 'c3', 'the swap happened');
  assert.deepEqual(verifyChain(store.db), { ok: false, rows: 1, id: 2, problem: LINK });
});

test('two rows reordered by content only (hash columns left in place) fail their own hash', async (t) => {
  const store = await storeWith(t, 4);
  store.db.exec(`CREATE TEMP TABLE snap AS SELECT * FROM events;
    UPDATE events SET call = (SELECT call FROM snap WHERE snap.id = 5 - events.id), args = (SELECT args FROM snap WHERE snap.id = 5 - events.id) WHERE id IN (2, 3)`);
  assert.deepEqual(verifyChain(store.db), { ok: false, rows: 1, id: 2, problem: EDITED });
});

test('an inserted row in the middle is found', async (t) => {
  const store = await storeWith(t, 3);
  store.db.exec('UPDATE events SET id = -id WHERE id >= 2; UPDATE events SET id = 1 - id WHERE id < 0');
  store.db.exec(`INSERT INTO events (id, ts, session, call, principal, tool, kind, prev_hash, hash)
    SELECT 2, ts, session, 'forged', principal, tool, kind, hash, hash FROM events WHERE id = 1`);
  assert.equal(verifyChain(store.db).ok, false);
  assert.equal((verifyChain(store.db) as { id: number }).id, 2);
});
