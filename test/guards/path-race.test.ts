// Check-then-use races: a worker thread flips a folder and a file between a real entry and a
// symlink to a secret outside, as fast as it can, while reads, writes and listings run.
// Judged by effect only: no secret in any reply, nothing written outside. The reference leaks here.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SECRET, filesConfig, makeFileTools, tempTree } from '../tools/files/helpers.js';

const tree = tempTree('warden-race-');
after(tree.cleanup);
tree.write('outside/f.txt', SECRET);
tree.write('root/dirA/f.txt', 'INSIDE');
tree.write('root/fileA', 'INSIDE');
tree.link(tree.outside, 'root/linkD');
tree.link(path.join(tree.outside, 'f.txt'), 'root/linkF');

// Each flip is one rename, so `flip`/`fflip` are always either the real entry or the symlink.
const FLIPPER = `
const fs = require('node:fs');
const { workerData: { root }, parentPort } = require('node:worker_threads');
const p = (n) => root + '/' + n;
let flips = 0, stop = false;
parentPort.on('message', () => { stop = true; });
fs.renameSync(p('dirA'), p('flip')); fs.renameSync(p('fileA'), p('fflip'));
parentPort.postMessage('ready');
// create_directory may make a fresh flip/ while it is missing: remove it so the flips go on.
const repair = () => { if (fs.existsSync(p('dirA')) && fs.lstatSync(p('linkD'), { throwIfNoEntry: false })) fs.rmSync(p('flip'), { recursive: true, force: true }); };
function loop() {
  for (let i = 0; i < 200 && !stop; i++) {
    try { repair(); } catch {}
    try { fs.renameSync(p('flip'), p('dirA')); fs.renameSync(p('linkD'), p('flip')); flips++; } catch {}
    try { fs.renameSync(p('flip'), p('linkD')); fs.renameSync(p('dirA'), p('flip')); flips++; } catch {}
    try { fs.renameSync(p('fflip'), p('fileA')); fs.renameSync(p('linkF'), p('fflip')); flips++; } catch {}
    try { fs.renameSync(p('fflip'), p('linkF')); fs.renameSync(p('fileA'), p('fflip')); flips++; } catch {}
  }
  if (stop) parentPort.postMessage(flips); else setImmediate(loop);
}
loop();
`;

test('racing symlink swaps: 0 leaks, 0 writes outside', { timeout: 120_000 }, async () => {
  const { call } = makeFileTools(filesConfig(tree));
  const worker = new Worker(FLIPPER, { eval: true, workerData: { root: tree.root } });
  await new Promise((resolve) => worker.once('message', resolve));
  const outcomes = { ok: 0, refused: 0 };
  const leaks: string[] = [];
  const check = (out: unknown) => {
    const s = JSON.stringify(out);
    if (s.includes(SECRET) || s.includes('"f.txt"') && s.includes(tree.outside)) leaks.push(s.slice(0, 200));
  };
  const attempt = async (name: string, args: Record<string, unknown>) => {
    try {
      check(await call(name, args));
      outcomes.ok++;
    } catch (error) {
      check((error as Error).message);
      outcomes.refused++;
    }
  };
  const r = tree.root;
  for (let i = 0; i < 600; i++) {
    await Promise.all([
      attempt('read_text_file', { path: `${r}/flip/f.txt` }),
      attempt('read_text_file', { path: `${r}/fflip` }),
      attempt('read_media_file', { path: `${r}/fflip` }),
      attempt('write_file', { path: `${r}/flip/w${i % 7}.txt`, content: 'WRITTEN' }),
      attempt('write_file', { path: `${r}/fflip`, content: 'INSIDE' }),
      attempt('edit_file', { path: `${r}/flip/f.txt`, edits: [{ oldText: 'INSIDE', newText: 'INSIDE' }] }),
      attempt('create_directory', { path: `${r}/flip/made${i % 5}` }),
      attempt('list_directory_with_sizes', { path: `${r}/flip` }),
      attempt('get_file_info', { path: `${r}/flip/f.txt` }),
      attempt('directory_tree', { path: r }),
    ]);
  }
  // Reads are the cheapest to race: many more of them. The deterministic swaps are in path-swap.test.ts.
  for (let i = 0; i < 1500; i++) {
    await Promise.all([
      attempt('read_text_file', { path: `${r}/flip/f.txt` }),
      attempt('read_text_file', { path: `${r}/fflip` }),
      attempt('get_file_info', { path: `${r}/flip/f.txt` }),
    ]);
  }
  worker.postMessage('stop');
  const flips = await new Promise<number>((resolve) => worker.once('message', resolve));
  await worker.terminate();
  assert.ok(flips > 1000, `the flipper barely ran (${flips} flips)`);
  assert.ok(outcomes.ok > 100 && outcomes.refused > 100, `the race never varied: ${JSON.stringify(outcomes)}`);
  assert.deepEqual(leaks, []);
  assert.deepEqual(fs.readdirSync(tree.outside).sort(), ['f.txt', 'secret.txt']);
  assert.equal(fs.readFileSync(path.join(tree.outside, 'f.txt'), 'utf8'), SECRET);
});
