import pm from 'picomatch';
import { compileGlob, AGENT_GLOB_LIMITS } from './src/glob/index.js';
const t = (f: () => unknown) => { let best = Infinity; for (let i = 0; i < 5; i++) { const s = performance.now(); f(); best = Math.min(best, performance.now() - s); } return best.toFixed(2); };
const name = 'a'.repeat(32) + 'b';
for (const k of [10, 14, 20, 200, 500]) { const g = '*?'.repeat(k) + 'c'; const m = compileGlob(g, { limits: AGENT_GLOB_LIMITS }); console.log('*? x', k, t(() => m(name)), 'ms'); }
const path4k = ('a/b/c/'.repeat(680)).slice(0, 4090) + 'x';
const pol = compileGlob('**/a/**/b/**/c/**/d');
console.log('policy 4k', t(() => pol(path4k)), pol(path4k));
// worst at agent limits
const worst = '*?'.repeat(512);
const w = compileGlob(worst, { limits: AGENT_GLOB_LIMITS });
const n255 = 'a'.repeat(255);
console.log('worst 1024 *? vs 255', t(() => w(n255)), 'vs 4k', t(() => w('a'.repeat(4096))));
const w2 = '**/' + Array.from({ length: 200 }, () => 'a*').join('/**/');
const wm = compileGlob(w2.slice(0, 1024), { limits: AGENT_GLOB_LIMITS });
console.log('globstars vs 4k', t(() => wm(path4k)));
console.log('pm policy 4k (1 try)', t(() => pm('**/a/**/b/**/c/**/d', { dot: true })(('a/b/c/'.repeat(30)) + 'x')));
