// Step 9 sizes a result exactly, whether it serializes it or trusts a handler's measure of
// its text (issue 16): the cap is refused at one byte over, never a byte later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { respond } from '../../src/server/steps.js';
import { WardenError } from '../../src/errors.js';
import { jsonStringBytes } from '../../src/tools/files/json-bytes.js';
import type { ToolOutput } from '../../src/tools/contract.js';

const serialized = (output: ToolOutput) => Buffer.byteLength(JSON.stringify(respond(output, Infinity).result));

function refusedAt(output: ToolOutput, cap: number): boolean {
  try {
    respond(output, cap);
    return false;
  } catch (error) {
    assert.ok(error instanceof WardenError && error.code === 'too_large' && error.detail.rule === 'limits.maxResultBytes');
    return true;
  }
}

const TEXTS = ['plain', '"quoted" \\ and \u0001\u001f controls\t\n'.repeat(300), 'é✓😀\u2028'.repeat(500), '\ud800 lone', ''];

test('a measured text sizes the result exactly as its serialization, wherever the text appears', () => {
  for (const text of TEXTS) {
    const outputs: ToolOutput[] = [
      { structured: { content: text, path: '/a/b', bytes: 1 }, text, textJsonBytes: jsonStringBytes(text) },
      // The same text as another field, and extra content blocks: each counted once per place.
      { structured: { content: text, path: text, note: 'x' }, text, textJsonBytes: jsonStringBytes(text), content: [{ type: 'text', text: 'more' }], isError: true },
    ];
    for (const output of outputs) {
      const exact = serialized({ ...output, textJsonBytes: undefined });
      assert.equal(respond(output, Infinity).bytes, exact);
      assert.equal(serialized(output), exact);
      assert.equal(refusedAt(output, exact), false, 'a result of exactly the cap is sent');
      assert.equal(refusedAt(output, exact - 1), true, 'one byte over the cap is refused');
    }
  }
});

test('a result whose text is mostly escapes is refused although its characters fit', () => {
  const text = '"\u0001'.repeat(10_000);
  const output: ToolOutput = { structured: { content: text }, text, textJsonBytes: jsonStringBytes(text) };
  // 20,000 characters, but 7 bytes each pair as JSON, twice.
  assert.equal(refusedAt(output, 4 * text.length), true);
  assert.equal(respond(output, Infinity).bytes, Buffer.byteLength(JSON.stringify({ content: [{ type: 'text', text }], structuredContent: { content: text } })));
});
