import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonForPeople, jsonLine } from '../../src/text/json-for-people.js';

const HOSTILE = 'a\u001b[2K\u009b31m\u202eexe.txt\u200b\u2028\u{e0041}\ud800\u00a0z\r\n';

test('a JSON line carries no raw control, bidi or invisible character, only their \\u escapes', () => {
  const line = jsonLine({ path: HOSTILE, list: [HOSTILE], [HOSTILE]: 1 });
  assert.doesNotMatch(line, /[^\u0020-\u007e]/, line);
  assert.ok(line.includes('\\u009b') && line.includes('\\u202e') && line.includes('\\u200b') && line.includes('\\udb40\\udc41'));
});

test('lossless: the line parses back to exactly the same value', () => {
  const value = { path: HOSTILE, n: 3, nested: { deep: [HOSTILE, null, true] }, [HOSTILE]: 'key' };
  assert.deepEqual(JSON.parse(jsonLine(value)), value);
});

test('ordinary text is left as JSON.stringify wrote it, accents and emoji included', () => {
  const value = { a: 'café 😀 日本語', b: [1, 2] };
  assert.equal(jsonLine(value), JSON.stringify(value));
});

test('pretty-printed JSON keeps its layout and stays valid', () => {
  const pretty = JSON.stringify({ a: '\u202e' }, null, 2);
  assert.equal(jsonForPeople(pretty), '{\n  "a": "\\u202e"\n}');
  assert.deepEqual(JSON.parse(jsonForPeople(pretty)), { a: '\u202e' });
});
