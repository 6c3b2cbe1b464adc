import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AuditStore } from '../../src/audit/store.js';
import { searchEvents } from '../../src/audit/query.js';
import { idRange } from '../../src/audit/time-range.js';
import { verifyChain } from '../../src/audit/verify.js';
import { decisionEvent, okRows } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A store with rows appended at the given times (ms), in order. */
async function storeAt(t: { after: (fn: () => void) => void }, times: number[]) {
  const store = await AuditStore.open(path.join(tempDir('warden-audit-', t), 'audit.db'));
  t.after(() => store.close());
  mock.timers.enable({ apis: ['Date'], now: 0 });
  try {
    times.forEach((at, i) => { mock.timers.setTime(at); store.append(decisionEvent(`c${i}`)); });
  } finally {
    mock.timers.reset();
  }
  return store;
}

test('a clock set back does not make time run backwards in the log', async (t) => {
  const store = await storeAt(t, [T0, T0 + 1000, T0 - 3_600_000, T0 + 2000]);
  const ts = store.db.prepare('SELECT ts FROM events ORDER BY id').pluck().all();
  assert.deepEqual(ts, [iso(T0), iso(T0 + 1000), iso(T0 + 1000), iso(T0 + 2000)]);
  assert.deepEqual(okRows(verifyChain(store.db)), { ok: true, rows: 4 });
  // The row written while the clock was an hour behind is still found by time.
  assert.deepEqual(searchEvents(store.db, { since: iso(T0 + 500) }).map((r) => r.call), ['c1', 'c2', 'c3']);
});

test('time bounds are exact at every edge, for every position of the cut', async (t) => {
  const times = Array.from({ length: 37 }, (_, i) => T0 + Math.floor(i / 3) * 1000);
  const store = await storeAt(t, times);
  const ids = (since?: string, until?: string) => searchEvents(store.db, { since, until }).map((r) => r.id);
  const scan = (since?: string, until?: string) => times.flatMap((at, i) =>
    (since === undefined || iso(at) >= since) && (until === undefined || iso(at) <= until) ? [i + 1] : []);
  for (let s = -1; s <= 13; s++) {
    const since = iso(T0 + s * 1000);
    assert.deepEqual(ids(since), scan(since), `since ${since}`);
    assert.deepEqual(ids(undefined, since), scan(undefined, since), `until ${since}`);
    assert.deepEqual(ids(since, iso(T0 + (s + 2) * 1000)), scan(since, iso(T0 + (s + 2) * 1000)), `window from ${since}`);
  }
});

test('gaps in the ids (a pruned prefix, deleted rows) and an empty log', async (t) => {
  const store = await storeAt(t, Array.from({ length: 20 }, (_, i) => T0 + i * 1000));
  assert.deepEqual(idRange(store.db, iso(T0 + 5500)), { from: 7 });
  store.db.prepare('DELETE FROM events WHERE id <= 4 OR (id >= 8 AND id <= 12)').run();
  const since = (s: number) => searchEvents(store.db, { since: iso(T0 + s * 1000) }).map((r) => r.id);
  assert.deepEqual(since(0), [5, 6, 7, 13, 14, 15, 16, 17, 18, 19, 20]);
  assert.deepEqual(since(8), [13, 14, 15, 16, 17, 18, 19, 20]);
  assert.deepEqual(since(10.5), [13, 14, 15, 16, 17, 18, 19, 20]);
  assert.deepEqual(since(19), [20]);
  assert.deepEqual(since(20), []);
  store.db.prepare('DELETE FROM events').run();
  assert.deepEqual(searchEvents(store.db, { since: iso(T0), until: iso(T0 + 5000) }), []);
});
