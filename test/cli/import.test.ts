import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { importCommand } from '../../src/cli/import.js';
import { findFilesystemServers } from '../../src/clients/filesystem-entries.js';
import { loadConfig } from '../../src/startup.js';
import { backups, place, runCli, tempHome, type TempHome } from '../fixtures/clients/home.js';

const desktopFile = (t: TempHome) => path.join(t.home, '.config', 'Claude', 'claude_desktop_config.json');
const userConfig = (t: TempHome) => path.join(t.home, '.config', 'mcp-warden', 'config.json');
const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));

test('import turns an npx server-filesystem entry into a config with the same folders, read-write, ~ expanded', async () => {
  const t = tempHome();
  const file = place('claude-desktop-filesystem.json', desktopFile(t));
  const before = fs.readFileSync(file);
  assert.equal(await importCommand(['--client', 'claude-desktop'], t.io), 0, t.io.text());
  const config = readJson(userConfig(t));
  assert.deepEqual(config.filesystem.roots, [
    { path: path.join(t.home, 'Desktop'), access: 'read-write' },
    { path: '/srv/projects/site', access: 'read-write' },
  ]);
  assert.equal(config.filesystem.defaultDeny, true);
  assert.deepEqual(config.users.me.permissions, ['file:read', 'file:write']);
  assert.match(config.$comment, /Imported by `mcp-warden import` on 2026-03-01 from .*claude_desktop_config\.json \(entries "filesystem"\)/);
  // The loader accepts what import wrote; the user folder is found by the lookup order.
  const loaded = loadConfig({ env: t.env, cwd: t.project });
  assert.equal(loaded.configPath, userConfig(t));
  assert.ok(fs.readFileSync(file).equals(before), 'without --write the client file is not touched');
  const text = t.io.text();
  assert.match(text, /Found server-filesystem in .*: "filesystem" \(npx\)/);
  assert.match(text, /mcp-warden adds:\n {2}- the same tool names and arguments as server-filesystem/);
  assert.match(text, /audit log/);
  assert.match(text, /Next: `mcp-warden check --config .*`, then switch Claude Desktop over with\n {2}mcp-warden setup --client claude-desktop --scope user --write --config /);
});

test('import --write replaces the filesystem entry with mcp-warden, keeps the rest, backs up first', async () => {
  const t = tempHome();
  const file = place('claude-desktop-filesystem.json', desktopFile(t));
  const before = fs.readFileSync(file);
  assert.equal(await importCommand(['--client', 'claude-desktop', '--write'], t.io), 0, t.io.text());
  const after = readJson(file);
  assert.deepEqual(Object.keys(after.mcpServers).sort(), ['github', 'mcp-warden']);
  assert.deepEqual(after.mcpServers.github, JSON.parse(before.toString()).mcpServers.github);
  assert.equal(after.globalShortcut, 'Ctrl+Space');
  assert.deepEqual(after.mcpServers['mcp-warden'], { command: '/usr/bin/node', args: ['/opt/mcp-warden/bin/mcp-warden.js', '--config', userConfig(t)] });
  const [bak] = backups(path.dirname(file));
  assert.ok(fs.readFileSync(path.join(path.dirname(file), bak)).equals(before));
  assert.match(t.io.text(), /Replaced "filesystem" with "mcp-warden" in /);
  assert.match(t.io.text(), /- {5}"filesystem": \{/);
  assert.doesNotMatch(t.io.text(), /ghp_fixture/, 'the lines of other servers, and their tokens, are not printed');
});

test('a plain import followed by import --write keeps the config it wrote and swaps the entry', async () => {
  const t = tempHome();
  place('claude-desktop-filesystem.json', desktopFile(t));
  assert.equal(await importCommand(['--client', 'claude-desktop'], t.io), 0);
  const first = fs.readFileSync(userConfig(t));
  assert.equal(await importCommand(['--client', 'claude-desktop', '--write'], t.io), 0, t.io.text());
  assert.ok(fs.readFileSync(userConfig(t)).equals(first));
  assert.match(t.io.text(), /Kept .*config\.json \(it already holds this import\)/);
  assert.ok(readJson(desktopFile(t)).mcpServers['mcp-warden']);
});

test('the docker form: host folders of --mount become roots, a read-only mount a read root, a file mount is left out', async () => {
  const t = tempHome();
  const file = place('claude-desktop-docker.json', desktopFile(t));
  assert.equal(await importCommand(['--client', 'claude-desktop'], t.io), 0, t.io.text());
  assert.deepEqual(readJson(userConfig(t)).filesystem.roots, [
    { path: '/srv/projects/site', access: 'read-write' },
    { path: '/srv/reference', access: 'read' },
  ]);
  // A file mount: roots are folders, and widening it to its folder would grant more.
  const notes = path.join(t.root, 'notes.txt');
  fs.writeFileSync(notes, 'x');
  const data = readJson(file);
  data.mcpServers.filesystem.args.splice(3, 0, '-v', `${notes}:/projects/notes.txt`);
  fs.writeFileSync(file, JSON.stringify(data));
  assert.equal(await importCommand(['--client', 'claude-desktop', '--out', path.join(t.root, 'second.json')], t.io), 0);
  assert.deepEqual(readJson(path.join(t.root, 'second.json')).filesystem.roots.map((r: { path: string }) => r.path), ['/srv/projects/site', '/srv/reference']);
  assert.match(t.io.text(), new RegExp(`Note: ${notes.replace(/[.]/g, '\\.')} is a file; mcp-warden roots are folders`));
});

test('VS Code: ${workspaceFolder} is the folder holding .vscode, and --write keeps the file\'s comments', async () => {
  const t = tempHome();
  const file = place('vscode-mcp.json', path.join(t.project, '.vscode', 'mcp.json'));
  const out = path.join(t.root, 'warden.json');
  assert.equal(await importCommand(['--client', 'vscode', '--out', out, '--write'], t.io), 0, t.io.text());
  assert.deepEqual(readJson(out).filesystem.roots, [{ path: t.project, access: 'read-write' }]);
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /\/\/ Servers for this workspace\./);
  const servers = parseJsonc(text, [], { allowTrailingComma: true }).servers;
  assert.deepEqual(Object.keys(servers), ['mcp-warden']);
  assert.equal(servers['mcp-warden'].type, 'stdio');
});

test('import finds the one client that runs server-filesystem when no --client is given', async () => {
  const t = tempHome();
  place('cursor-other-servers.json', path.join(t.home, '.cursor', 'mcp.json'));
  place('claude-desktop-filesystem.json', desktopFile(t));
  place('malformed.json', path.join(t.home, '.claude.json'));
  assert.equal(await importCommand([], t.io), 0, t.io.text());
  assert.match(t.io.text(), /Found server-filesystem in .*claude_desktop_config\.json/);
  assert.match(t.io.stderr.join('\n'), /skipped: Claude Code's config .*\.claude\.json is not valid JSON/);
});

test('no server-filesystem entry: a clear error naming the servers found, nothing written', async () => {
  const t = tempHome();
  const file = place('cursor-other-servers.json', path.join(t.home, '.cursor', 'mcp.json'));
  const before = fs.readFileSync(file);
  assert.equal(await importCommand(['--client', 'cursor', '--write'], t.io), 1);
  assert.match(t.io.stderr.join('\n'), /has no @modelcontextprotocol\/server-filesystem entry \(servers there: github\)\. Fix: .*mcp-warden init/);
  assert.ok(fs.readFileSync(file).equals(before));
  assert.equal(fs.existsSync(userConfig(t)), false);
  assert.equal(await importCommand([], t.io), 1);
  assert.match(t.io.stderr.join('\n'), /No client config runs @modelcontextprotocol\/server-filesystem \(looked at .*claude_desktop_config\.json/);
});

for (const name of ['malformed.json', 'empty.json']) {
  test(`import from a ${name.replace('.json', '')} client file: clear error, nothing written, original untouched`, async () => {
    const t = tempHome();
    const file = place(name, desktopFile(t));
    const before = fs.readFileSync(file);
    assert.equal(await importCommand(['--client', 'claude-desktop', '--write'], t.io), 1);
    assert.match(t.io.stderr.join('\n'), /Claude Desktop's config .* (is not valid JSON|is empty).*it was left unchanged\. Fix: /);
    assert.ok(fs.readFileSync(file).equals(before));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['claude_desktop_config.json']);
    assert.equal(fs.existsSync(userConfig(t)), false);
  });
}

test('an existing config is not overwritten without --force; with it, a backup is made', async () => {
  const t = tempHome();
  place('claude-desktop-filesystem.json', desktopFile(t));
  fs.mkdirSync(path.dirname(userConfig(t)), { recursive: true });
  fs.writeFileSync(userConfig(t), '{"principal": "mine"}');
  assert.equal(await importCommand(['--client', 'claude-desktop'], t.io), 1);
  assert.match(t.io.stderr.join('\n'), /config\.json already exists; import does not overwrite a config\. Fix: .*--out FILE.*--force/);
  assert.equal(fs.readFileSync(userConfig(t), 'utf8'), '{"principal": "mine"}');
  assert.equal(await importCommand(['--client', 'claude-desktop', '--force'], t.io), 0);
  const [bak] = backups(path.dirname(userConfig(t)));
  assert.equal(fs.readFileSync(path.join(path.dirname(userConfig(t)), bak), 'utf8'), '{"principal": "mine"}');
});

test('a differing mcp-warden entry stops import --write before anything is written', async () => {
  const t = tempHome();
  const file = desktopFile(t);
  place('claude-desktop-filesystem.json', file);
  const data = readJson(file);
  data.mcpServers['mcp-warden'] = { command: '/opt/old/mcp-warden', args: [] };
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
  const before = fs.readFileSync(file);
  assert.equal(await importCommand(['--client', 'claude-desktop', '--write'], t.io), 1);
  assert.match(t.io.stderr.join('\n'), /already has an "mcp-warden" entry that differs.*Fix: run `mcp-warden import --client claude-desktop --scope user --write --force`/);
  assert.ok(fs.readFileSync(file).equals(before));
  assert.equal(fs.existsSync(userConfig(t)), false);
});

test('entry shapes: pinned versions, cmd /c on Windows, installed binaries, relative folders with a note', () => {
  const ctx = { home: '/home/me', cwd: '/work' };
  const found = findFilesystemServers({
    a: { command: 'cmd', args: ['/c', 'npx', '-y', '@modelcontextprotocol/server-filesystem@2025.1.14', 'C:\\Users\\me\\src'] },
    b: { command: '/usr/local/bin/mcp-server-filesystem', args: ['/data'] },
    c: { command: 'node', args: ['/opt/lib/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', 'docs'] },
    d: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] },
    e: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem'] },
    f: 'not an entry',
  }, ctx);
  assert.deepEqual(found.map((s) => [s.name, s.form, s.dirs.map((d) => d.path)]), [
    ['a', 'npx', ['C:\\Users\\me\\src']],
    ['b', 'installed', ['/data']],
    ['c', 'installed', ['/work/docs']],
    ['e', 'npx', []],
  ]);
  assert.match(found[2].notes[0], /"docs" is relative .*imported as \/work\/docs, so check that/);
  assert.match(found[3].notes[0], /names no folder .*add roots to filesystem.roots by hand/);
});

test('the compiled CLI imports into the temp home', () => {
  const t = tempHome();
  place('claude-desktop-filesystem.json', desktopFile(t));
  const r = runCli(t, ['import', '--write']);
  assert.equal(r.code, 0, r.all);
  assert.ok(readJson(desktopFile(t)).mcpServers['mcp-warden']);
  const check = runCli(t, ['check']);
  assert.equal(check.code, 0, check.all);
  assert.match(check.stdout, new RegExp(`Config ${userConfig(t).replace(/[.]/g, '\\.')} is valid`));
});
