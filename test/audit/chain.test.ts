import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENESIS, HASHED_COLUMNS, rowHash, type StoredRow } from '../../src/audit/chain.js';

type Row = Omit<StoredRow, 'prev_hash' | 'hash'>;
const row: Row = {
  id: 1, ts: '2026-01-01T00:00:00.000Z', session: 's', call: 'c', principal: 'me', client: null, tool: 'read_file',
  kind: 'decision', decision: 'allow', reason: 'r', resource: '{"path":"/a"}', args: '{"path":"a"}', outcome: null,
  error: null, duration_ms: null, bytes: null, detail: null,
};

test('the genesis hash is 64 zeros and a row hash is 64 hex characters', () => {
  assert.equal(GENESIS, '0'.repeat(64));
  assert.match(rowHash(GENESIS, row), /^[0-9a-f]{64}$/);
});

test('the hash is deterministic and covers the previous hash', () => {
  assert.equal(rowHash(GENESIS, row), rowHash(GENESIS, { ...row }));
  assert.notEqual(rowHash(GENESIS, row), rowHash('1'.repeat(64), row));
});

test('every hashed column changes the hash', () => {
  for (const column of HASHED_COLUMNS) {
    const changed = { ...row, [column]: column === 'id' || column === 'duration_ms' || column === 'bytes' ? 7 : 'x' };
    assert.notEqual(rowHash(GENESIS, changed), rowHash(GENESIS, row), column);
  }
});

test('a crafted value cannot move content across a field boundary', () => {
  const a = { ...row, reason: 'r","{"', resource: 'x' };
  const b = { ...row, reason: 'r', resource: '{","x' };
  assert.notEqual(rowHash(GENESIS, a), rowHash(GENESIS, b));
  assert.notEqual(rowHash(GENESIS, { ...row, reason: null }), rowHash(GENESIS, { ...row, reason: 'null' }));
  assert.notEqual(rowHash(GENESIS, { ...row, bytes: 5 }), rowHash(GENESIS, { ...row, bytes: '5' }));
});

test('columns outside the hashed list (the stored hashes themselves) do not feed the hash', () => {
  assert.equal(rowHash(GENESIS, { ...row, prev_hash: 'a', hash: 'b' } as Row), rowHash(GENESIS, row));
});
