import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { AuditStore, openAuditDatabase } from '../../src/audit/store.js';
import { callRows, EXPORT_FIELDS, globLiteral, searchEvents, toExport, resourceSubjects, parseTime } from '../../src/audit/query.js';
import { catchUpFullText, ftsQuery, indexedThrough } from '../../src/audit/fts.js';
import { verifyChain } from '../../src/audit/verify.js';
import { tempDir } from '../helpers/temp.js';
import { FIXTURE, writeFixtureLog } from '../fixtures/audit/log.js';

async function fixture(options: { key?: Buffer; index?: boolean } = {}) {
  const file = path.join(tempDir('warden-query-'), 'audit.db');
  await writeFixtureLog(file, options);
  if (options.index !== false) {
    const writer = await openAuditDatabase(file);
    catchUpFullText(writer);
    writer.close();
  }
  return { file, db: await openAuditDatabase(file, { readonly: true }) };
}

const calls = (rows: Array<{ call: unknown }>) => [...new Set(rows.map((r) => r.call))];

test('each filter narrows, and they combine (AND), oldest first', async () => {
  const { db } = await fixture();
  assert.equal(searchEvents(db, {}).length, 15);
  assert.deepEqual(calls(searchEvents(db, { tool: 'read_text_file', decision: 'deny' })).length, 3);
  assert.deepEqual(searchEvents(db, { outcome: 'error' }).map((r) => r.tool), ['sql_query']);
  assert.equal(searchEvents(db, { principal: 'nobody' }).length, 0);
  assert.equal(searchEvents(db, { session: FIXTURE.session }).length, 15);
  const day2 = searchEvents(db, { since: '2025-03-02T00:00:00.000Z' });
  assert.deepEqual(day2.map((r) => r.tool), ['edit_file', 'edit_file', 'sql_execute']);
  const window = searchEvents(db, { since: '2025-03-01T09:10:00.000Z', until: '2025-03-01T09:20:00.000Z' });
  assert.deepEqual(calls(window), [FIXTURE.envDenied, FIXTURE.declined]);
  const ids = searchEvents(db, {}).map((r) => r.id as number);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
});

test('--limit N gives the newest N matches, still printed oldest first', async () => {
  const { db } = await fixture();
  const rows = searchEvents(db, { decision: 'deny', limit: 2 });
  assert.deepEqual(rows.map((r) => r.tool), ['read_text_file', 'sql_execute']);
  assert.ok((rows[0].id as number) < (rows[1].id as number));
});

test('--decision ask finds every call that went to the human, whatever the answer', async () => {
  const { db } = await fixture();
  assert.deepEqual(calls(searchEvents(db, { decision: 'ask' })), [FIXTURE.declined, FIXTURE.approved]);
});

test('--resource GLOB matches canonical paths, database/table and command lines, not substrings', async () => {
  const { db } = await fixture();
  assert.deepEqual(calls(searchEvents(db, { resource: '/work/app/docs/**', kind: 'decision' })), [FIXTURE.declined, FIXTURE.approved]);
  assert.equal(calls(searchEvents(db, { resource: '**/.env' })).length, 1, 'dotfiles match (dot: true)');
  assert.equal(searchEvents(db, { resource: '/work/app', kind: 'decision' }).length, 0, 'a folder is not a prefix match');
  assert.equal(calls(searchEvents(db, { resource: 'main/orders' })).length, 1);
  assert.equal(calls(searchEvents(db, { resource: 'main' })).length, 2);
  assert.equal(calls(searchEvents(db, { resource: 'git status' })).length, 1);
  assert.deepEqual(resourceSubjects({ type: 'file', path: '/a', paths: ['/a', '/b'] }), ['/a', '/a', '/b']);
  assert.deepEqual(resourceSubjects('not an object'), []);
});

test('--text uses the FTS5 index over args, reason and error, every word required', async () => {
  const { db } = await fixture();
  assert.deepEqual(calls(searchEvents(db, { text: 'secrets' })), [FIXTURE.envDenied], 'reason');
  assert.deepEqual(calls(searchEvents(db, { text: 'ran longer' })).length, 1, 'error');
  assert.deepEqual(searchEvents(db, { text: 'orders DELETE' }).map((r) => r.tool), ['sql_execute'], 'args, any order');
  assert.equal(searchEvents(db, { text: 'orders nosuchword' }).length, 0);
  assert.equal(searchEvents(db, { text: 'guid*' }).length, 2, 'a trailing * is a prefix');
  const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM events WHERE id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH 'x')").all();
  assert.ok(JSON.stringify(plan).includes('VIRTUAL TABLE INDEX'), 'answered by the index, not a scan');
});

test('query syntax in --text is plain text: quotes, NEAR(, OR, a dash, a colon never error or widen', async () => {
  const { db } = await fixture();
  for (const words of ['"', 'NEAR(', 'OR', '-', 'args:', '*', '"secrets', 'secrets"']) {
    assert.doesNotThrow(() => searchEvents(db, { text: words }), words);
  }
  assert.equal(searchEvents(db, { text: 'secrets OR orders' }).length, 0, 'OR is a word, not an operator');
  assert.equal(ftsQuery('a "b" c*'), '"a" AND """b""" AND "c"*');
  assert.equal(ftsQuery('   '), undefined);
});

test('the index is built lazily up to a watermark; rows after it are still found, by a scan', async () => {
  const { file, db } = await fixture();
  assert.equal(indexedThrough(db), 15);
  const store = await AuditStore.open(file);
  store.append({ session: 's', call: 'late', principal: 'me', tool: 'read_text_file', kind: 'decision', decision: 'deny', reason: 'Denied: secrets again.' });
  store.close();
  assert.deepEqual(calls(searchEvents(db, { text: 'secrets' })), [FIXTURE.envDenied, 'late'], 'index up to 15, scan after');
  const writer = await openAuditDatabase(file);
  assert.equal(catchUpFullText(writer), 1, 'only the new row is indexed');
  assert.equal(catchUpFullText(writer), 0);
  writer.close();
  assert.equal(indexedThrough(db), 16);
  assert.deepEqual(calls(searchEvents(db, { text: 'secrets' })), [FIXTURE.envDenied, 'late']);
  assert.equal(verifyChain(db).ok, true, 'the index is outside the chain');
});

test('appending stays one insert: no trigger writes to the index on the call path', async () => {
  const { db } = await fixture({ index: false });
  const triggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'").all() as Array<{ name: string; sql: string }>;
  assert.ok(triggers.every((t) => !/AFTER INSERT/i.test(t.sql)), triggers.map((t) => t.name).join(', '));
  assert.equal(indexedThrough(db), 0);
  assert.deepEqual(calls(searchEvents(db, { text: 'secrets' })), [FIXTURE.envDenied], 'no index yet: the scan answers');
});

test('a log from before the index existed: read-only it is scanned; a writer adds the index', async () => {
  const file = path.join(tempDir('warden-fts-'), 'audit.db');
  await writeFixtureLog(file);
  const raw = new Database(file);
  raw.exec('DROP TABLE events_fts; DROP TABLE audit_meta; DROP TRIGGER events_fts_on_delete; DROP TRIGGER events_fts_on_update;');
  raw.close();
  const old = await openAuditDatabase(file, { readonly: true });
  assert.equal(indexedThrough(old), -1);
  assert.deepEqual(calls(searchEvents(old, { text: 'secrets' })), [FIXTURE.envDenied]);
  old.close();
  const writer = await openAuditDatabase(file);
  assert.equal(catchUpFullText(writer), 15);
  writer.close();
  const db = await openAuditDatabase(file, { readonly: true });
  assert.deepEqual(calls(searchEvents(db, { text: 'secrets' })), [FIXTURE.envDenied]);
});

test('an indexed row that is edited or deleted leaves the index with it', async () => {
  const { file } = await fixture();
  const raw = new Database(file);
  raw.prepare("UPDATE events SET reason = 'nothing here' WHERE call = ?").run(FIXTURE.envDenied);
  const match = (q: string) => raw.prepare('SELECT rowid FROM events_fts WHERE events_fts MATCH ?').all(q).length;
  assert.equal(match('secrets'), 0);
  assert.equal(match('"nothing here"'), 1);
  raw.prepare("DELETE FROM events WHERE call = ?").run(FIXTURE.envDenied);
  assert.equal(match('"nothing here"'), 0);
  raw.close();
});

test('encrypted args stay out of the index and show as [encrypted] without the key', async () => {
  const key = randomBytes(32);
  const { db } = await fixture({ key });
  assert.equal(searchEvents(db, { text: 'orders' }).length, 0, 'ciphertext is not text');
  assert.equal(searchEvents(db, { text: 'secrets' }).length, 1, 'reason is still searchable');
  const row = searchEvents(db, { call: FIXTURE.envDenied })[0];
  assert.equal(toExport(row).args, '[encrypted]');
  assert.deepEqual(toExport(row, key).args, { path: '.env' });
  assert.equal(toExport(row, randomBytes(32)).args, '[encrypted: wrong key]');
});

test('export rows have exactly the DESIGN §6 fields, in order, with JSON columns parsed', async () => {
  const { db } = await fixture();
  const row = toExport(searchEvents(db, { call: FIXTURE.envDenied })[0]);
  assert.deepEqual(Object.keys(row), [...EXPORT_FIELDS]);
  assert.deepEqual(row.resource, { type: 'file', path: '/work/app/.env' });
});

test('show finds a call by id or unique prefix, and refuses an ambiguous prefix', async () => {
  const { db } = await fixture();
  assert.equal(callRows(db, FIXTURE.declined).rows.length, 1);
  assert.equal(callRows(db, FIXTURE.approved.slice(0, 25)).rows.length, 2);
  assert.ok((callRows(db, 'c0ffee00').ambiguous?.length ?? 0) > 1);
  assert.equal(callRows(db, 'c0f*').rows.length, 0, 'glob characters are not a prefix');
  assert.equal(callRows(db, 'nope').rows.length, 0);
});

test('relative and ISO times', () => {
  const now = Date.parse('2025-03-02T12:00:00Z');
  assert.equal(parseTime('2h', now), '2025-03-02T10:00:00.000Z');
  assert.equal(parseTime('7d', now), '2025-02-23T12:00:00.000Z');
  assert.equal(parseTime('2025-03-01', now), '2025-03-01T00:00:00.000Z');
  assert.equal(parseTime('yesterday', now), undefined);
});


test('the glob prefilter only ever uses text every match must contain', async () => {
  assert.equal(globLiteral('/work/app/docs/**'), 'work', 'the longest plain piece between separators');
  assert.equal(globLiteral('**/billing/*.pdf'), 'billing');
  assert.equal(globLiteral('**/{secrets,keys}/**'), undefined, 'alternatives are not required text');
  assert.equal(globLiteral('!(x)'), undefined);
  assert.equal(globLiteral('a"quoted"/x'), 'quoted', 'a JSON-escaped character cuts');
  assert.equal(globLiteral('*'), undefined);
  const { db } = await fixture();
  assert.equal(calls(searchEvents(db, { resource: '**/{.env,nothing}' })).length, 1, 'braces still match through the glob');
  assert.equal(calls(searchEvents(db, { resource: '/work/app/src/index.ts' })).length, 1);
});
