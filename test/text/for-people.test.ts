import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forPeople, quotedForPeople } from '../../src/text/for-people.js';

test('terminal controls show as escapes: a carriage return and erase-line cannot rewrite what is shown', () => {
  const shown = forPeople('rm -rf src\r\u001b[2Krm -rf build');
  assert.equal(shown, 'rm -rf src\\r\\e[2Krm -rf build');
  assert.doesNotMatch(shown, /[\u0000-\u001f\u007f-\u009f]/);
});

test('newlines cannot forge a line of mcp-warden\'s own', () => {
  assert.equal(forPeople('a.txt\n(asked by policy "ok")'), 'a.txt\\n(asked by policy "ok")');
});

test('bidi overrides, zero-width and other invisible characters are made visible', () => {
  for (const c of ['\u202e', '\u2066', '\u200b', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u2028', '\u061c', '\u{e0041}', '\u3164', '\ufe0f', '\u0085', '\u009b']) {
    const shown = forPeople(`config${c}.js`);
    assert.equal(shown, `config\\u{${c.codePointAt(0)!.toString(16)}}.js`, `U+${c.codePointAt(0)!.toString(16)}`);
  }
});

test('ordinary text, accents and emoji pass unchanged', () => {
  for (const s of ['src/app.ts', 'café/naïve.txt', 'données 😀.csv', '日本語.md', 'a b\\c']) assert.equal(forPeople(s), s);
});

test('length is capped with the count of what was left out, never splitting a surrogate pair', () => {
  assert.equal(forPeople('x'.repeat(100), 10), `${'x'.repeat(10)}… (90 more characters)`);
  const emoji = forPeople('😀'.repeat(10), 3);
  assert.equal(emoji, `😀… (18 more characters)`);
  const huge = forPeople('y'.repeat(9_000_000), 80);
  assert.ok(huge.length < 120);
});

test('non-strings are shown as JSON, nothing as empty', () => {
  assert.equal(forPeople({ a: '\u202e' }), '{"a":"\\u{202e}"}');
  assert.equal(forPeople(undefined), '');
  assert.equal(forPeople(null), '');
});

test('quoted: where a value starts and ends is never in doubt', () => {
  assert.equal(quotedForPeople('say "hi"\\'), '"say \\"hi\\"\\\\"');
});
