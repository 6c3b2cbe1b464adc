// Random path strings (.., /, ~, NUL, aliases) against random symlink layouts made on
// disk: a path the guard accepts is a real path inside a root and outside every deny
// glob, and nothing read through the file tools comes from outside or from a denied file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { createPathGuard } from '../../src/guards/path.js';
import { WardenError } from '../../src/errors.js';
import { filesConfig, makeFileTools, tempTree, SECRET } from '../tools/files/helpers.js';
import { fcAssert, fcParams } from '../helpers/reliability.js';

const DENIED = 'DENIED-CONTENT';
const DENY = ['secret*', 'private/**', '*.key'];
// Independent of the guard: a name the deny list (or the built-in .env glob) hides.
const deniedName = (name: string) => name.startsWith('secret') || name === 'private' || name.endsWith('.key') || name === '.env';

const NAMES = ['a', 'sub', 'l0', 'l1', 'l2', 'secret.txt', 'private', 'k.key', '.env', '.git', 'new'];
const PLACES = ['root', 'root/sub', 'root/sub/deep', 'ro', 'outside', 'root_evil', ''];
const piece = fc.constantFrom(...NAMES, ...PLACES.filter(Boolean), '..', '.', '', '~', '...', 'root/../outside', 'x\0y', '\0');

/** A link target: relative or absolute, made of the same pieces, or a loop onto itself. */
const target = fc.record({
  absolute: fc.boolean(),
  parts: fc.array(piece, { minLength: 1, maxLength: 5 }),
});
const entry = fc.record({
  place: fc.constantFrom(...PLACES),
  name: fc.constantFrom(...NAMES),
  kind: fc.constantFrom('file', 'dir', 'link', 'link'),
  target,
});
const input = fc.record({
  base: fc.constantFrom('none', 'base', 'root', 'ro', 'home', 'slash'),
  parts: fc.array(piece, { minLength: 0, maxLength: 7 }),
  trailingSlash: fc.boolean(),
});

type Tree = ReturnType<typeof tempTree>;

type Entry = { place: string; name: string; kind: string; target: { absolute: boolean; parts: string[] } };

/** Makes the fixed files (denied ones hold DENIED) and then whatever of the random layout can be made. */
function build(tree: Tree, entries: Entry[]) {
  for (const p of ['root/sub/deep', 'root/private', 'root/sub/private']) fs.mkdirSync(path.join(tree.base, p), { recursive: true });
  tree.write('root/secret.txt', DENIED);
  tree.write('root/sub/k.key', DENIED);
  tree.write('root/private/p.txt', DENIED);
  tree.write('root/.env', DENIED);
  tree.write('ro/secret.txt', DENIED);
  for (const e of entries) {
    const at = path.join(tree.base, e.place, e.name);
    try {
      if (e.kind === 'file') fs.writeFileSync(at, deniedName(e.name) ? DENIED : 'fine');
      else if (e.kind === 'dir') fs.mkdirSync(at, { recursive: true });
      else {
        const t = e.target.parts.join('/').replace(/\0/g, '');
        fs.symlinkSync(e.target.absolute ? path.join(tree.base, t) : t || '.', at);
      }
    } catch { /* the place is missing or the name taken: a layout is whatever could be made */ }
  }
}

function spell(tree: Tree, i: { base: string; parts: string[]; trailingSlash: boolean }): string {
  const rel = i.parts.join('/') + (i.trailingSlash ? '/' : '');
  switch (i.base) {
    case 'base': return `${tree.base}/${rel}`;
    case 'root': return `${tree.root}/${rel}`;
    case 'ro': return `${tree.ro}/${rel}`;
    case 'home': return `~/${rel}`;
    case 'slash': return `/${rel}`;
    default: return rel;
  }
}

/** Every file outside the read-write root, and every denied file inside it, with its content. */
function snapshot(tree: Tree): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, guarded: boolean) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      const rel = path.relative(tree.base, p);
      const keep = !guarded || deniedName(d.name) || rel.split('/').some(deniedName);
      if (d.isSymbolicLink()) { if (keep) out[rel] = `-> ${fs.readlinkSync(p)}`; }
      else if (d.isDirectory()) { if (keep) out[rel] = 'dir'; walk(p, guarded && !keep); }
      else if (keep) out[rel] = fs.readFileSync(p, 'latin1');
    }
  };
  for (const top of fs.readdirSync(tree.base)) {
    const p = path.join(tree.base, top);
    if (top === 'root') walk(p, true);
    else if (fs.lstatSync(p).isDirectory()) { out[top] = 'dir'; walk(p, false); }
    else out[top] = 'file';
  }
  return out;
}

/** The oracle: the canonical path is real, inside a root, and no name below the root is denied. */
function assertCanonical(tree: Tree, canonical: string, exists: boolean, intent: string) {
  const roots = [tree.root, tree.ro];
  const root = roots.find((r) => canonical === r || canonical.startsWith(`${r}/`));
  assert.ok(root, `${canonical} is outside the roots`);
  if (intent === 'write') assert.ok(canonical === tree.root || canonical.startsWith(`${tree.root}/`), `a write resolved into ${canonical}`);
  if (exists) assert.equal(fs.realpathSync(canonical), canonical, 'the canonical path is the real path');
  else {
    let up = path.dirname(canonical);
    while (!fs.existsSync(up)) up = path.dirname(up);
    assert.equal(fs.realpathSync(up), up, `the nearest existing ancestor of ${canonical} is real`);
    // The first missing name is not a (dangling) symlink; below a file, nothing exists at all.
    const first = path.join(up, path.relative(up, canonical).split('/')[0]);
    const stat = (() => { try { return fs.lstatSync(first); } catch { return undefined; } })();
    assert.equal(stat, undefined, `${first} exists as something the guard did not see`);
  }
  const names = path.relative(root, canonical).split('/').filter(Boolean);
  assert.ok(!names.some(deniedName), `${canonical} matches a deny glob`);
  if (intent === 'write') assert.ok(!names.includes('.git'), `${canonical} writes into .git`);
}

test('the path guard never resolves outside the roots or into a deny glob', async () => {
  await fcAssert(fc.asyncProperty(fc.array(entry, { maxLength: 12 }), fc.array(input, { minLength: 1, maxLength: 8 }), async (entries, inputs) => {
    const tree = tempTree('warden-fuzz-path-');
    try {
      build(tree, entries);
      const config = filesConfig(tree, { filesystem: { deny: DENY } });
      const guard = createPathGuard(config);
      const { call } = makeFileTools(config);
      const before = snapshot(tree);
      for (const i of inputs) {
        const p = spell(tree, i);
        for (const intent of ['read', 'write', 'list'] as const) {
          let resolved;
          try {
            resolved = await guard.resolve(p, intent);
          } catch (error) {
            assert.ok(error instanceof WardenError && ['denied', 'not_found'].includes(error.code), `${JSON.stringify(p)} threw ${error}`);
            assert.ok(!error.message.includes(SECRET) && !error.message.includes(DENIED));
            continue;
          }
          assertCanonical(tree, resolved.path, resolved.exists, intent);
        }
        for (const tool of ['read_text_file', 'get_file_info', 'list_directory', 'read_multiple_files', 'directory_tree', 'write_file', 'create_directory']) {
          const args = tool === 'read_multiple_files' ? { paths: [p] } : tool === 'write_file' ? { path: p, content: 'W' } : { path: p };
          let out: string;
          try {
            out = JSON.stringify(await call(tool, args));
          } catch (e) {
            assert.ok(e instanceof WardenError, `${tool} ${JSON.stringify(p)} threw ${e}`);
            assert.ok(!e.message.includes(SECRET) && !e.message.includes(DENIED), `${tool} ${JSON.stringify(p)}: ${e.message}`);
            continue;
          }
          assert.ok(!out.includes(SECRET), `${tool} ${JSON.stringify(p)} leaked a file from outside: ${out.slice(0, 300)}`);
          assert.ok(!out.includes(DENIED), `${tool} ${JSON.stringify(p)} leaked a denied file: ${out.slice(0, 300)}`);
          // Inline per-file errors (read_multiple_files) echo the input; anything else must not name outside paths.
          const named = out.split(JSON.stringify(p).slice(1, -1)).join('');
          assert.ok(!named.includes(`${tree.outside}/`) && !named.includes(`${tree.base}/root_evil/`), `${tool} ${JSON.stringify(p)} named a path outside: ${out.slice(0, 300)}`);
        }
      }
      assert.deepEqual(snapshot(tree), before, 'nothing outside the read-write root, and no denied file, changed');
    } finally {
      tree.cleanup();
    }
  }), fcParams(150, 3000));
});
