// The file tools over real stdio through the whole pipeline (needs `npm run build`).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type RunningServer } from '../../helpers/server.js';
import { tempDir } from '../../helpers/temp.js';

const base = tempDir('warden-files-e2e-');
const root = path.join(base, 'root');
let s: RunningServer;
before(async () => {
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'docs', 'a.md'), '# A\n');
  fs.writeFileSync(path.join(root, '.env'), 'E2E-SECRET');
  fs.writeFileSync(path.join(base, 'outside.txt'), 'E2E-OUTSIDE');
  s = await startServer({ principal: 'me', users: { me: { roles: ['developer'] } }, filesystem: { roots: [{ path: root, access: 'read-write' }] } }, { dir: base });
});
after(async () => { await s?.close(); fs.rmSync(base, { recursive: true, force: true }); });

const text = (r: { content: unknown }) => (r.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('');

test('all 14 file tools are listed with an outputSchema and all four annotations', async () => {
  const { tools } = await s.client.listTools();
  const names = tools.map((t) => t.name);
  for (const name of ['read_text_file', 'read_file', 'read_media_file', 'read_multiple_files', 'write_file', 'edit_file', 'create_directory',
    'list_directory', 'list_directory_with_sizes', 'directory_tree', 'move_file', 'search_files', 'get_file_info', 'list_allowed_directories']) {
    const tool = tools.find((t) => t.name === name);
    assert.ok(tool, `${name} missing from ${names.join(', ')}`);
    assert.equal(tool.outputSchema?.type, 'object', name);
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) assert.equal(typeof tool.annotations?.[hint], 'boolean', `${name} ${hint}`);
  }
});

test('write, edit, read, search and list work end to end with structured content', async () => {
  const w = await s.call('write_file', { path: path.join(root, 'n.txt'), content: 'one\ntwo\n' });
  assert.equal(text(w), `Successfully wrote to ${path.join(root, 'n.txt')}`);
  const e = await s.call('edit_file', { path: path.join(root, 'n.txt'), edits: [{ oldText: 'two', newText: 'TWO' }] });
  assert.match(text(e), /^```diff\nIndex: .*n\.txt\n={67}\n/);
  const r = await s.call('read_text_file', { path: path.join(root, 'n.txt') });
  assert.deepEqual(r.structuredContent?.content, 'one\nTWO\n');
  const found = await s.call('search_files', { path: root, pattern: '**/*.md' });
  assert.equal(text(found), path.join(root, 'docs', 'a.md'));
  const list = await s.call('list_directory', { path: root });
  assert.ok(!text(list).includes('.env') && !text(list).includes('audit.db') && !text(list).includes('mcp-warden.json'), text(list));
});

test('refusals are isError results with a code and rule; secrets and outside files never arrive', async () => {
  for (const p of [path.join(base, 'outside.txt'), path.join(root, '.env'), path.join(root, '..', 'outside.txt'), path.join(base, 'mcp-warden.json')]) {
    const r = await s.call('read_text_file', { path: p });
    assert.equal(r.isError, true, p);
    const err = (r.structuredContent as { error: { code: string; rule?: string } }).error;
    assert.equal(err.code, 'denied', p);
    assert.match(err.rule ?? '', /^path\./);
    assert.ok(!JSON.stringify(r).includes('E2E-'), p);
  }
});

test('an 11 MB file is refused with too_large and the session survives', async () => {
  fs.writeFileSync(path.join(root, 'big.bin'), Buffer.alloc(11 * 1024 * 1024, 'x'));
  const r = await s.call('read_text_file', { path: path.join(root, 'big.bin') });
  assert.equal((r.structuredContent as { error: { code: string } }).error.code, 'too_large');
  const ok = await s.call('list_allowed_directories', {});
  assert.equal(text(ok), `Allowed directories:\n${root}`);
});
