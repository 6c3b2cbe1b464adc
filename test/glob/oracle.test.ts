// Property: the linear matcher agrees with picomatch `{dot: true}` (the engine it replaces) on
// random small globs and paths over a tiny alphabet. Left out, where they differ on purpose:
// - paths with `.`/`..`, empty segments or names ending in `.` (canonical paths have no `.` or
//   empty segments; picomatch refuses `*` on `.` and `*.*` on `a.`);
// - `**` that is not a whole segment (src/glob: always `*`; picomatch: `**a` stays in its segment,
//   `**.b` does not), and `**` inside or next to braces (src/glob reads `{**\/a,b}` as its expansion);
// - a trailing `/**` after a segment with `*` (picomatch: `a/**` matches `a`, `a*\/**` does not
//   match `ab`; src/glob lets `/**` match zero segments after any segment);
// - an empty alternative right after `**\/` (picomatch: `a/**\/{a,}` matches `a`, though neither
//   `a/**\/a` nor `a/**\/` does), and `//`;
// - `[!a]`, which picomatch 4 compiles to "`!` or `a`"; src/glob reads it as POSIX does, as `[^a]`;
// - parentheses (picomatch: a regex group; src/glob: literal text) — not in the alphabet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { compileGlob } from '../../src/glob/index.js';

const TOKENS = ['a', 'b', '.', '/', '*', '?', '**', '[ab]', '[^a]', '{a,b}', '{a,}', 'a/**/', '**/', '/**'];
const glob = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 7 }).map((t) => t.join('')).filter((g) => !/\*\*\{|\}\*\*|\*\/\*\*$|\/\/|\*\*\/\{a,\}|[^/]\*\*|\*\*[^/]/.test(g));
const segment = fc.string({ unit: fc.constantFrom('a', 'b', '.'), minLength: 1, maxLength: 3 }).filter((s) => !s.endsWith('.'));
const filePath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));

test('src/glob agrees with picomatch {dot: true} on small globs and canonical paths', () => {
  fc.assert(fc.property(glob, fc.array(filePath, { minLength: 1, maxLength: 8 }), (g, paths) => {
    const ours = compileGlob(g);
    const theirs = picomatch(g, { dot: true });
    for (const p of paths) assert.equal(ours(p), theirs(p), `glob ${JSON.stringify(g)} on ${JSON.stringify(p)}`);
  }), { numRuns: 3000 });
});

test('case-insensitive table globs agree with picomatch {nocase: true}', () => {
  const name = fc.string({ unit: fc.constantFrom('a', 'B', '_', 'c'), minLength: 1, maxLength: 5 });
  const tableGlob = fc.array(fc.constantFrom('a', 'A', 'b', '_', '*', '?', '[a-c]', '[^B]', '{a,B}'), { minLength: 1, maxLength: 5 }).map((t) => t.join(''));
  fc.assert(fc.property(tableGlob, name, (g, n) => {
    assert.equal(compileGlob(g, { nocase: true })(n), picomatch(g, { nocase: true, dot: true })(n), `glob ${JSON.stringify(g)} on ${JSON.stringify(n)}`);
  }), { numRuns: 2000 });
});
