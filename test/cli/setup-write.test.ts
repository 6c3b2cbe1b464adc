import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { clientFile } from '../../src/clients/clients.js';
import { ClientFileError, readClientFile } from '../../src/clients/document.js';
import { changedLines, formattingOf, planEntry } from '../../src/clients/edit.js';
import { backup, writeClientFile } from '../../src/clients/write.js';
import { tempHome } from '../fixtures/clients/home.js';

const NOW = new Date('2026-03-01T09:30:00.000Z');

test('backups never overwrite each other: a second one in the same millisecond gets a suffix', () => {
  const t = tempHome();
  const file = path.join(t.root, 'c.json');
  fs.writeFileSync(file, 'one');
  assert.equal(path.basename(backup(file, NOW)), 'c.json.2026-03-01T09-30-00-000Z.bak');
  fs.writeFileSync(file, 'two');
  assert.equal(path.basename(backup(file, NOW)), 'c.json.2026-03-01T09-30-00-000Z-1.bak');
  assert.equal(fs.readFileSync(`${file}.2026-03-01T09-30-00-000Z.bak`, 'utf8'), 'one');
});

test('a client that saved its file after we read it wins: nothing is written', () => {
  const t = tempHome();
  const target = clientFile('cursor', t.host);
  fs.mkdirSync(path.dirname(target.file), { recursive: true });
  fs.writeFileSync(target.file, '{"mcpServers": {}}');
  const doc = readClientFile(target);
  const plan = planEntry(doc, 'mcp-warden', { command: 'x', args: [] });
  fs.writeFileSync(target.file, '{"mcpServers": {"new": {"command": "y"}}}');
  assert.throws(() => writeClientFile(doc, plan.text, NOW), (e: unknown) => e instanceof ClientFileError && /changed while mcp-warden was editing it \(is Cursor saving it\?\); nothing was written/.test(e.message));
  assert.equal(fs.readFileSync(target.file, 'utf8'), '{"mcpServers": {"new": {"command": "y"}}}');
  assert.equal(fs.readdirSync(path.dirname(target.file)).filter((f) => f.endsWith('.tmp')).length, 0);
});

test('a client file that cannot be read is a clear error, not a crash', () => {
  const t = tempHome();
  const target = clientFile('cursor', t.host);
  fs.mkdirSync(target.file, { recursive: true }); // a folder where the file should be
  assert.throws(() => readClientFile(target), (e: unknown) => e instanceof ClientFileError && e.detail.id === 'client-file-unreadable' && /cannot be read or written \(EISDIR/.test(e.message));
});

test('the file keeps its own indentation: tabs, four spaces, two by default', () => {
  assert.deepEqual(formattingOf('{\n\t"a": 1\n}'), { insertSpaces: false, tabSize: 1, eol: '\n' });
  assert.deepEqual(formattingOf('{\r\n    "a": 1\r\n}'), { insertSpaces: true, tabSize: 4, eol: '\r\n' });
  assert.deepEqual(formattingOf('{}'), { insertSpaces: true, tabSize: 2, eol: '\n' });
});

test('an existing entry equal up to key order is unchanged, not a conflict', () => {
  const t = tempHome();
  const target = clientFile('cursor', t.host);
  fs.mkdirSync(path.dirname(target.file), { recursive: true });
  fs.writeFileSync(target.file, '{"mcpServers": {"mcp-warden": {"args": ["a"], "command": "x"}}}');
  const plan = planEntry(readClientFile(target), 'mcp-warden', { command: 'x', args: ['a'] });
  assert.equal(plan.status, 'unchanged');
  assert.equal(planEntry(readClientFile(target), 'mcp-warden', { command: 'x', args: ['b'] }).status, 'conflict');
  assert.equal(planEntry(readClientFile(target), 'mcp-warden', { command: 'x', args: ['b'] }, { force: true }).status, 'replaced');
});

test('changed lines show only what differs', () => {
  assert.deepEqual(changedLines('a\nb\nc\nd', 'a\nB\nc\nd\ne'), ['- b', '+ B', '+ e']);
  assert.deepEqual(changedLines('same', 'same'), []);
});
