// Hostile globs and inputs take time that grows with pattern × input, never exponentially.
// Ratios are generous (a loaded 2-core machine); the backtracking engine this replaces took
// seconds on the smallest of these and multiplied its time by ~2.3 per extra `*?`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_GLOB_LIMITS, compileGlob } from '../../src/glob/index.js';
import { compileGlob as policyGlob } from '../../src/policy/operators.js';
import { treeExcluder } from '../../src/tools/files/directory-tree.js';
import { compileGlobs } from '../../src/guards/path-match.js';

/** Best of three runs of `reps` calls, in ms per call. */
function msPerCall(fn: () => unknown, reps: number): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    best = Math.min(best, (performance.now() - t) / reps);
  }
  return best;
}

const NAME = 'a'.repeat(32) + 'b'; // an ordinary 33-character name

test('the *? family: 29 characters on a 33-character name is fast, and 4× the pattern costs at most ~4×', (t) => {
  const family = (k: number) => treeExcluder(['*?'.repeat(k) + 'c']);
  const small = family(14); // 29 characters
  const big = family(56);
  assert.equal(small(NAME), false);
  const a = msPerCall(() => small(NAME), 200);
  const b = msPerCall(() => big(NAME), 200);
  t.diagnostic(`*? x14: ${a.toFixed(4)} ms, x56: ${b.toFixed(4)} ms`);
  assert.ok(a < 5, `one match took ${a} ms`);
  assert.ok(b < a * 40 + 0.05, `4× the pattern took ${(b / a).toFixed(1)}× the time`);
});

// The policy that blocked one call for 60 s, against paths built to make a backtracker try
// every way of splitting them among the four globstars.
// picomatch: ~n⁴ (30 ms at n = 32, hours at 4 KB).
const crafted = (bytes: number) => { const n = Math.floor((bytes - 1) / 6); return 'a/'.repeat(n) + 'b/'.repeat(n) + 'c/'.repeat(n) + 'x'; };

test('a policy glob **/a/**/b/**/c/**/d against a crafted 4 KB path: decided fast, linear in the path', (t) => {
  const m = policyGlob('**/a/**/b/**/c/**/d');
  assert.equal(m(crafted(4096)), false);
  assert.equal(m(crafted(4096).slice(0, -1) + 'd'), true);
  const one = msPerCall(() => m(crafted(1024)), 20);
  const four = msPerCall(() => m(crafted(4096)), 20);
  t.diagnostic(`1 KB: ${one.toFixed(3)} ms, 4 KB: ${four.toFixed(3)} ms`);
  assert.ok(four < 200, `4 KB took ${four} ms`);
  assert.ok(four < one * 16 + 0.5, `4× the path took ${(four / one).toFixed(1)}× the time`);
});

test('many stars, long classes and deep braces at the agent limits stay bounded on a 255-character name and a 4 KB path', (t) => {
  const limits = AGENT_GLOB_LIMITS;
  const name = 'a'.repeat(255);
  // 255-character names: `*` and `?` stay alive through each segment; `**/` re-enters them after each `/`.
  const path = ('a'.repeat(255) + '/').repeat(17).slice(0, 4096);
  const worst: Record<string, string> = {
    stars: '**/' + 'a*'.repeat(240) + 'b',
    starQ: '**/' + '*?'.repeat(250) + 'b',
    classes: '**/*' + '[a-y]'.repeat(200) + 'z',
    braces: '**/' + '{a,'.repeat(32) + 'b' + '}'.repeat(32) + '*c',
    globstars: '**/' + Array.from({ length: 60 }, () => 'a*').join('/**/') + '/z',
  };
  for (const [what, glob] of Object.entries(worst)) {
    const m = compileGlob(glob, { limits });
    const onName = msPerCall(() => m(name), 5);
    const onPath = msPerCall(() => m(path), 2);
    t.diagnostic(`${what} (${glob.length} chars): 255-char name ${onName.toFixed(2)} ms, 4 KB path ${onPath.toFixed(2)} ms`);
    assert.ok(onName < 100, `${what} on a 255-character name took ${onName} ms`);
    assert.ok(onPath < 1500, `${what} on a 4 KB path took ${onPath} ms`);
  }
});

test('deny globs keep their string fast paths: 10,000 names checked against the defaults in well under a second', () => {
  const deny = compileGlobs(['.env', '.env.*', '*.pem', 'id_rsa*', '*.tfstate.*', '.ssh/**', '.config/gcloud/**', 'secret?/[ab]*']);
  const names = Array.from({ length: 10_000 }, (_, i) => `src/module-${i}/file-${i}.ts`);
  const ms = msPerCall(() => names.filter((n) => deny(`/root/${n}`, n)).length, 1);
  assert.equal(names.filter((n) => deny(`/root/${n}`, n)).length, 0);
  assert.ok(deny('/root/a/.config/gcloud/x', 'a/.config/gcloud/x') && deny('/r/x.tfstate.1', 'x.tfstate.1') && deny('/r/secret1/bx', 'secret1/bx'));
  assert.ok(ms < 1000, `10,000 checks took ${ms} ms`);
});
