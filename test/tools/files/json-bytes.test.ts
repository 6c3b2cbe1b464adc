// jsonStringBytes must equal what JSON.stringify writes, byte for byte: respond trusts it
// to refuse a result over limits.maxResultBytes without serializing the text (issue 16).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonStringBytes } from '../../../src/tools/files/json-bytes.js';

const exact = (text: string) => Buffer.byteLength(JSON.stringify(text));

// Every kind of character JSON.stringify treats differently: short escapes, \u00XX escapes,
// DEL (not escaped), two- and three-byte UTF-8, U+2028, astral pairs and lone surrogates.
const TRICKY = ['a', ' ', '"', '\\', '\b', '\t', '\n', '\f', '\r', '\u0000', '\u0001', '\u000b', '\u001f', '\u007f', 'é', '✓', '\u2028', '😀', '\ud800', '\udfff', '/'];

test('the measure equals the serialized length for any mix of characters', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...TRICKY), { maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 50 }), (chars, more) => {
    const text = chars.join('') + more;
    assert.equal(jsonStringBytes(text), exact(text), JSON.stringify(text));
  }), { numRuns: 2000 });
});

test('the measure equals the serialized length of text decoded from arbitrary bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
    const text = Buffer.from(bytes).toString('utf8');
    assert.equal(jsonStringBytes(text), exact(text));
  }), { numRuns: 2000 });
});

test('large texts: sparse escapes (found one by one) and dense ones (serialized) both measure exactly', () => {
  const sparse = `${'word '.repeat(40)}"q" \\ \u0001\t\n`.repeat(2000);
  const dense = '\n\u0002"'.repeat(50_000);
  const wide = `${'é✓😀'.repeat(30)}\u0007\n`.repeat(2000);
  for (const text of [sparse, dense, wide, '', 'x'.repeat(1 << 20)]) assert.equal(jsonStringBytes(text), exact(text));
  // A wrong UTF-8 length given by the caller is what is added to: the caller's to get right.
  assert.equal(jsonStringBytes(sparse, Buffer.byteLength(sparse)), exact(sparse));
});
