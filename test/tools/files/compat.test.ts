// Drop-in compatibility with the pinned reference server: every tool name and input
// property it lists exists in ours, and edit_file's dry-run diff is the same text.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startServer, type RunningServer } from '../../helpers/server.js';
import { tempDir } from '../../helpers/temp.js';

const REFERENCE = path.join(path.dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/package.json')), 'dist', 'index.js');
const base = tempDir('warden-compat-');
const root = path.join(base, 'root');
let ref: Client;
let ours: RunningServer;
before(async () => {
  fs.mkdirSync(root);
  ref = new Client({ name: 'compat', version: '1.0.0' });
  await ref.connect(new StdioClientTransport({ command: process.execPath, args: [REFERENCE, root], stderr: 'ignore' }));
  ours = await startServer({ principal: 'me', users: { me: { roles: ['developer'] } }, filesystem: { roots: [{ path: root, access: 'read-write' }] } }, { dir: base });
});
after(async () => { await ref?.close(); await ours?.close(); fs.rmSync(base, { recursive: true, force: true }); });

test('every reference tool name and input property exists in mcp-warden', async () => {
  const theirs = (await ref.listTools()).tools;
  const mine = new Map((await ours.client.listTools()).tools.map((t) => [t.name, t]));
  assert.ok(theirs.length >= 14);
  for (const tool of theirs) {
    const our = mine.get(tool.name);
    assert.ok(our, `missing tool ${tool.name}`);
    const props = Object.keys((our.inputSchema as { properties?: object }).properties ?? {});
    for (const prop of Object.keys((tool.inputSchema as { properties?: object }).properties ?? {})) {
      assert.ok(props.includes(prop), `${tool.name}: missing input property ${prop}`);
    }
  }
});

test('the same calls give the same text as the reference', async () => {
  const file = path.join(root, 'same.txt');
  fs.writeFileSync(file, 'alpha\n  beta\ngamma\n');
  const calls: Array<[string, Record<string, unknown>]> = [
    ['edit_file', { path: file, edits: [{ oldText: 'beta', newText: 'BETA' }, { oldText: 'gamma\n', newText: 'gamma\ndelta\n' }], dryRun: true }],
    ['read_text_file', { path: file, head: 2 }],
    ['read_text_file', { path: file, tail: 2 }],
    ['list_directory', { path: root }],
    ['search_files', { path: root, pattern: '*.txt' }],
    ['search_files', { path: root, pattern: '**/*.md', excludePatterns: ['skip/**'] }],
    ['directory_tree', { path: root, excludePatterns: ['skip'] }],
    ['list_directory_with_sizes', { path: root, sortBy: 'size' }],
  ];
  fs.mkdirSync(path.join(root, 'docs', 'skip'), { recursive: true });
  fs.writeFileSync(path.join(root, 'docs', 'x.md'), 'x');
  fs.writeFileSync(path.join(root, 'docs', 'skip', 'y.md'), 'y');
  fs.mkdirSync(path.join(root, 'skip'));
  fs.writeFileSync(path.join(root, 'skip', 'z.md'), 'z');
  const text = (r: { content: unknown }) => (r.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('');
  for (const [name, args] of calls) {
    const a = text(await ref.callTool({ name, arguments: args }) as { content: unknown });
    const b = text(await ours.call(name, args));
    assert.equal(b, a, `${name} ${JSON.stringify(args)}`);
  }
});
