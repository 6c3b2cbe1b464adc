import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { WardenError } from '../../src/errors.js';
import { MAX_REFUSAL_CHARS, refusal, validate } from '../../src/server/steps.js';
import type { ToolDefinition } from '../../src/tools/contract.js';

const tool = (inputSchema: z.ZodType) => ({ name: 'demo', inputSchema }) as unknown as ToolDefinition<unknown>;
const thrown = (fn: () => unknown) => { try { fn(); } catch (e) { return e as WardenError; } throw new Error('did not throw'); };

test('a million bad elements are named by the first five problems and a count, each value an excerpt', () => {
  const error = thrown(() => validate(tool(z.strictObject({ paths: z.array(z.string()) })), { paths: Array.from({ length: 1_000_000 }, () => 7) }));
  assert.equal(error.code, 'invalid_input');
  assert.equal(error.message, `Invalid arguments for demo: ${[0, 1, 2, 3, 4].map((i) => `paths[${i}]: expected string, got 7`).join('; ')}; and 999995 more problems.`);
});

test('an unknown argument with a megabyte name is named by an excerpt', () => {
  const name = 'k'.repeat(1_000_000);
  const error = thrown(() => validate(tool(z.strictObject({ path: z.string() })), { path: 'a', [name]: 1 }));
  assert.ok(error.message.length < 400, `${error.message.length}`);
  assert.match(error.message, /^Invalid arguments for demo: k{80}… \(999920 more characters\): unknown argument; demo takes path\.$/);
});

test('a refusal message is capped, each detail string too, and the whole stays under maxResultBytes', () => {
  const error = new WardenError('denied', 'm'.repeat(100_000), { step: 'guard', rule: 'r'.repeat(10_000), field: 'f' });
  const capped = refusal(error);
  assert.equal(capped.content[0].text.length, MAX_REFUSAL_CHARS + ' (98000 more characters)'.length + 1);
  assert.equal((capped.structuredContent.error as { rule: string }).rule.length < 300, true);
  for (const max of [200, 500, 5000]) {
    const result = refusal(error, max);
    assert.ok(Buffer.byteLength(JSON.stringify(result)) <= max, `${max}`);
    assert.equal(result.structuredContent.error.code, 'denied');
    assert.equal(result.content[0].text, result.structuredContent.error.message);
  }
});

test('a short refusal is passed on unchanged', () => {
  const error = new WardenError('rate_limited', 'Rate limited.', { step: 'rate_limit', retryAfterMs: 5, rule: 'x' });
  assert.deepEqual(refusal(error, 8 * 1024 * 1024), {
    isError: true, content: [{ type: 'text', text: 'Rate limited.' }],
    structuredContent: { error: { code: 'rate_limited', message: 'Rate limited.', step: 'rate_limit', retryAfterMs: 5, rule: 'x' } },
  });
});
