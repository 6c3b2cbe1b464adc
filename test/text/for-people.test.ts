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
  assert.equal(emoji, `😀… (9 more characters)`, 'characters are code points, not UTF-16 halves');
  const huge = forPeople('y'.repeat(9_000_000), 80);
  assert.ok(huge.length < 120);
});

test('the cap counts what is shown, escapes included: invisible characters cannot flood a screen either', () => {
  const shown = forPeople('\u200b'.repeat(5000), 80);
  assert.ok(shown.length <= 80 + '… (5000 more characters)'.length, shown);
  assert.match(shown, /^(\\u\{200b\})+… \(\d+ more characters\)$/, 'never half an escape');
  assert.equal(forPeople('ab\u202e', 6), 'ab… (1 more characters)');
});

test('lone surrogates show as escapes; a real pair is one character', () => {
  assert.equal(forPeople('a\ud800b\udc00c'), 'a\\u{d800}b\\u{dc00}c');
  assert.equal(forPeople('\udbff'), '\\u{dbff}');
  assert.equal(forPeople('x\ud83d\ude00'), 'x😀');
});

test('spaces that pass for a space, private-use and unassigned code points are made visible', () => {
  for (const c of ['\u00a0', '\u2007', '\u202f', '\u3000', '\ue000', '\uf8ff', '\ufffe', '\u{10ffff}', '\u2800']) {
    assert.equal(forPeople(`a${c}b`), `a\\u{${c.codePointAt(0)!.toString(16)}}b`, `U+${c.codePointAt(0)!.toString(16)}`);
  }
  assert.equal(forPeople('a b'), 'a b');
});

test('a tower of combining marks cannot paint over other lines; real scripts keep theirs', () => {
  const zalgo = forPeople(`a${'\u0301'.repeat(50)}`);
  assert.equal(zalgo, `a${'\u0301'.repeat(4)}${'\\u{301}'.repeat(46)}`);
  assert.equal(forPeople('\u0301x'), '\\u{301}x', 'a mark cannot attach to what stands before the value');
  for (const s of ['Tiếng Việt', 'e\u0323\u0302', 'שָׁלוֹם', 'हिन्दी', 'க்ஷ']) assert.equal(forPeople(s), s);
});

test('non-strings are shown as JSON, nothing as empty', () => {
  assert.equal(forPeople({ a: '\u202e' }), '{"a":"\\u{202e}"}');
  assert.equal(forPeople(undefined), '');
  assert.equal(forPeople(null), '');
});

test('quoted: where a value starts and ends is never in doubt', () => {
  assert.equal(quotedForPeople('say "hi"\\'), '"say \\"hi\\"\\\\"');
});

test('quoted: an escape and the same text typed by the agent never look alike', () => {
  assert.equal(quotedForPeople('\u001b'), '"\\e"');
  assert.equal(quotedForPeople('\\e'), '"\\\\e"');
  assert.notEqual(quotedForPeople('\u202e'), quotedForPeople('\\u{202e}'));
  assert.notEqual(quotedForPeople('a\nb'), quotedForPeople('a\\nb'));
});

test('quoted: the cut is counted outside the quotes, so the agent cannot type a fake one inside', () => {
  assert.equal(quotedForPeople('x'.repeat(20), 5), '"xxxxx"… (15 more characters)');
  assert.equal(quotedForPeople('ok… (3 more characters)'), '"ok… (3 more characters)"');
});

test('excerpt: a long string is quoted, cut at the limit, and says how long it was', async () => {
  const { excerpt } = await import('../../src/text/for-people.js');
  assert.equal(excerpt('short'), '"short"');
  assert.equal(excerpt('x'.repeat(9_000_000), 10), `"${'x'.repeat(10)}"… (9000000 characters in all)`);
  assert.equal(excerpt('a\u202eb'), '"a\\u{202e}b"');
});

test('excerpt: other values are previewed as JSON no further than the limit', async () => {
  const { excerpt } = await import('../../src/text/for-people.js');
  const huge = Array.from({ length: 1_000_000 }, (_, i) => i);
  const shown = excerpt(huge, 20);
  assert.ok(shown.startsWith('[0,1,2,3,4,5,6,7,8,9'), shown);
  assert.match(shown, /\(1000000 items in all\)$/);
  assert.equal(excerpt({ a: 1 }), '{"a":1}');
  assert.equal(excerpt(12n as unknown), '12');
});
