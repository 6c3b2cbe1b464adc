import assert from 'node:assert/strict';
import { WardenError } from '../../src/errors.js';

/** Awaits a refusal: a WardenError with this code (and this `detail.rule`, when given). */
export async function rejectsWith(promise: Promise<unknown>, code: string, rule?: string): Promise<WardenError> {
  let caught: unknown;
  await promise.then(() => assert.fail(`expected ${code}${rule ? ` (${rule})` : ''}, got success`), (e) => { caught = e; });
  assert.ok(caught instanceof WardenError, `expected a WardenError, got ${caught}`);
  assert.equal(caught.code, code, caught.message);
  if (rule) assert.equal(caught.detail.rule, rule, caught.message);
  return caught;
}
