// A symlink swapped in between guard (check) and execute (use), made deterministic: the
// guard runs on the real folder, the folder is then replaced by a symlink to a secret
// outside, and the handler runs on the stale plan. It must notice, not follow. The call
// goes through the real pipeline; the swap happens just before the handler.
import { test, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pipelineCaller } from '../helpers/pipeline.js';
import { SECRET, filesConfig, makeFileTools, tempTree } from '../tools/files/helpers.js';
import { rejectsWith } from '../helpers/asserts.js';

const tree = tempTree('warden-swap-');
after(tree.cleanup);
tree.write('outside/f.txt', SECRET);
tree.write('root/d/f.txt', 'INSIDE');
tree.write('root/ff', 'INSIDE');
const { tools, session } = makeFileTools(filesConfig(tree));
const viaPipeline = pipelineCaller(session);
const r = tree.root;
const swaps: Array<[string, string]> = [];

function swap(name: string, target: string) {
  fs.renameSync(path.join(r, name), path.join(r, `${name}.real`));
  fs.symlinkSync(target, path.join(r, name));
  swaps.push([name, target]);
}
beforeEach(() => { swaps.length = 0; });
afterEach(() => {
  for (const [name] of swaps) { fs.unlinkSync(path.join(r, name)); fs.renameSync(path.join(r, `${name}.real`), path.join(r, name)); }
});

/** Through the real pipeline: the guard runs on the real tree, then the swap, then the handler on the stale plan. */
async function guardSwapExecute(tool: string, args: Record<string, unknown>, name = 'd', target = tree.outside) {
  const def = tools.get(tool)!;
  return viaPipeline({ ...def, execute: (parsed, plan, ctx) => { swap(name, target); return def.execute(parsed, plan, ctx); } }, args);
}

const outsideUnchanged = () => {
  assert.deepEqual(fs.readdirSync(tree.outside).sort(), ['f.txt', 'secret.txt']);
  assert.equal(fs.readFileSync(path.join(tree.outside, 'f.txt'), 'utf8'), SECRET);
};

const cases: Array<[string, Record<string, unknown>]> = [
  ['read_text_file', { path: `${r}/d/f.txt` }],
  ['read_text_file', { path: `${r}/d/f.txt`, head: 1 }],
  ['read_text_file', { path: `${r}/d/f.txt`, tail: 1 }],
  ['read_media_file', { path: `${r}/d/f.txt` }],
  ['get_file_info', { path: `${r}/d/f.txt` }],
  ['edit_file', { path: `${r}/d/f.txt`, edits: [{ oldText: 'INSIDE', newText: 'x' }] }],
  ['write_file', { path: `${r}/d/f.txt`, content: 'pwned' }],
  ['write_file', { path: `${r}/d/new.txt`, content: 'pwned' }],
  ['create_directory', { path: `${r}/d/newdir` }],
  ['list_directory', { path: `${r}/d` }],
  ['list_directory_with_sizes', { path: `${r}/d` }],
  ['directory_tree', { path: `${r}/d` }],
  ['search_files', { path: `${r}/d`, pattern: '**' }],
  ['move_file', { source: `${r}/d/f.txt`, destination: `${r}/moved.txt` }],
  ['move_file', { source: `${r}/a.txt`, destination: `${r}/d/a.txt` }],
];
for (const [tool, args] of cases) {
  test(`${tool} ${JSON.stringify(args).slice(0, 60)}: a folder swapped for a symlink after the guard is not followed`, async () => {
    const e = await rejectsWith(guardSwapExecute(tool, args), 'denied', 'path.changed');
    assert.ok(!e.message.includes(SECRET));
    outsideUnchanged();
  });
}

test('read_multiple_files reports the swap per file and leaks nothing', async () => {
  const out = await guardSwapExecute('read_multiple_files', { paths: [`${r}/d/f.txt`] });
  assert.ok(!JSON.stringify(out).includes(SECRET));
  assert.match(out.text, /changed while it was being opened/);
});

for (const tool of ['read_text_file', 'get_file_info', 'write_file', 'edit_file']) {
  test(`${tool}: a file swapped for a symlink after the guard is not followed`, async () => {
    const args = tool === 'write_file' ? { path: `${r}/ff`, content: 'pwned' }
      : tool === 'edit_file' ? { path: `${r}/ff`, edits: [{ oldText: 'INSIDE', newText: 'x' }] } : { path: `${r}/ff` };
    await rejectsWith(guardSwapExecute(tool, args, 'ff', path.join(tree.outside, 'f.txt')), 'denied', 'path.changed');
    outsideUnchanged();
  });
}
