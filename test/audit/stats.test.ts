import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openAuditDatabase } from '../../src/audit/store.js';
import { auditStats, recentCalls } from '../../src/audit/stats.js';
import { tempDir } from '../helpers/temp.js';
import { FIXTURE, writeFixtureLog } from '../fixtures/audit/log.js';

async function fixture() {
  const file = path.join(tempDir('warden-stats-'), 'audit.db');
  await writeFixtureLog(file);
  return openAuditDatabase(file, { readonly: true });
}

test('calls per tool, decision and outcome, counted once per call', async () => {
  const s = auditStats(await fixture());
  assert.equal(s.calls, FIXTURE.calls);
  assert.deepEqual(s.byDecision, { allow: 5, deny: 5, ask: 2, answers: { accept: 1, decline: 1 } });
  assert.deepEqual(s.byOutcome, { ok: 4, error: 1 });
  const read = s.byTool.find((t) => t.tool === 'read_text_file');
  assert.deepEqual(read, { tool: 'read_text_file', calls: 4, allow: 1, deny: 3, ask: 0, p50: 12, p95: 12 });
  assert.equal(s.byTool[0].tool, 'read_text_file', 'busiest tool first');
  assert.equal(s.first, '2025-03-01T09:00:00.000Z');
  assert.equal(s.last, '2025-03-02T09:00:00.000Z');
});

test('p50 and p95 are nearest-rank over outcome durations', async () => {
  // Durations 3, 12, 40, 250, 20 -> sorted 3, 12, 20, 40, 250: p50 rank 3, p95 rank 5.
  const s = auditStats(await fixture());
  assert.deepEqual(s.duration, { count: 5, p50: 20, p95: 250 });
});

test('top denial reasons group by what decided (policy, rule), not by the varying text', async () => {
  const s = auditStats(await fixture());
  const keys = s.topDenials.map((d) => d.key).sort();
  assert.deepEqual(keys, [
    'Denied: principal "me" has no role or permission that grants database:write, which sql_execute needs.',
    'policy ask-before-docs', 'policy no-env-files', 'rule path.outside_roots', 'rule rateLimits.tools.read_text_file',
  ]);
  assert.equal(s.topDenials.find((d) => d.key === 'policy no-env-files')?.reason, FIXTURE.envReason);
});

test('a period narrows every figure', async () => {
  const s = auditStats(await fixture(), { since: '2025-03-02T00:00:00.000Z' });
  assert.equal(s.calls, 2);
  assert.deepEqual(s.byDecision, { allow: 1, deny: 1, ask: 1, answers: { accept: 1 } });
  assert.deepEqual(s.duration, { count: 1, p50: 20, p95: 20 });
  assert.equal(auditStats(await fixture(), { until: '2020-01-01T00:00:00.000Z' }).calls, 0);
});

test('recent calls join each decision with its outcome', async () => {
  const calls = recentCalls(await fixture(), 3);
  assert.deepEqual(calls.map((c) => [c.tool, c.decision, c.outcome, c.durationMs]), [
    ['read_text_file', 'deny', null, null], ['edit_file', 'allow', 'ok', 20], ['sql_execute', 'deny', null, null],
  ]);
  assert.equal(calls[1].approval, 'accept');
});
