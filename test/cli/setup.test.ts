import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { setupCommand } from '../../src/cli/setup.js';
import { clientFile } from '../../src/clients/clients.js';
import { claudeMcpAdd, launchFor, defaultForm } from '../../src/clients/entry.js';
import { backups, place, runCli, tempHome, writeConfig, type TempHome } from '../fixtures/clients/home.js';

function withConfig(t: TempHome): string {
  return writeConfig(path.join(t.project, 'mcp-warden.json'), { principal: 'me', users: { me: { roles: ['developer'] } }, filesystem: { roots: [{ path: t.project, access: 'read-write' }] } });
}

const desktopFile = (t: TempHome) => path.join(t.home, '.config', 'Claude', 'claude_desktop_config.json');
const LOCAL_ENTRY = (t: TempHome) => ({ command: '/usr/bin/node', args: ['/opt/mcp-warden/bin/mcp-warden.js', '--config', path.join(t.project, 'mcp-warden.json')] });

test('without --write, setup prints the entry and the file to put it in, and writes nothing', async () => {
  const t = tempHome();
  withConfig(t);
  const code = await setupCommand(['--client', 'claude-desktop'], t.io);
  assert.equal(code, 0);
  const text = t.io.text();
  assert.match(text, new RegExp(`reads ${desktopFile(t).replace(/[.]/g, '\\.')}`));
  assert.match(text, /"mcp-warden": \{\n {4}"command": "\/usr\/bin\/node"/);
  assert.match(text, /--write/);
  assert.equal(fs.existsSync(desktopFile(t)), false);
  assert.deepEqual(fs.readdirSync(t.home), []);
});

test('claude-code setup also prints the `claude mcp add` form', async () => {
  const t = tempHome();
  withConfig(t);
  assert.equal(await setupCommand(['--client', 'claude-code', '--scope', 'project'], t.io), 0);
  assert.match(t.io.text(), /claude mcp add --scope project mcp-warden -- \/usr\/bin\/node \/opt\/mcp-warden\/bin\/mcp-warden\.js --config /);
  assert.match(t.io.text(), new RegExp(`reads ${path.join(t.project, '.mcp.json').replace(/[.]/g, '\\.')}`));
});

test('client files are found per OS: macOS Application Support, Windows %APPDATA%, Linux XDG', () => {
  const mac = { platform: 'darwin' as const, home: '/Users/me', env: {}, cwd: '/Users/me/p' };
  const win = { platform: 'win32' as const, home: 'C:\\Users\\me', env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, cwd: 'C:\\p' };
  const linux = { platform: 'linux' as const, home: '/home/me', env: { XDG_CONFIG_HOME: '/home/me/.xdg' }, cwd: '/home/me/p' };
  assert.equal(clientFile('claude-desktop', mac).file, '/Users/me/Library/Application Support/Claude/claude_desktop_config.json');
  assert.equal(clientFile('claude-desktop', win).file, 'C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json');
  assert.equal(clientFile('claude-desktop', linux).file, '/home/me/.xdg/Claude/claude_desktop_config.json');
  assert.equal(clientFile('claude-code', linux).file, '/home/me/.claude.json');
  assert.equal(clientFile('claude-code', linux, { scope: 'project' }).file, '/home/me/p/.mcp.json');
  assert.equal(clientFile('vscode', linux).file, '/home/me/p/.vscode/mcp.json');
  assert.equal(clientFile('vscode', mac, { scope: 'user' }).file, '/Users/me/Library/Application Support/Code/User/mcp.json');
  assert.equal(clientFile('vscode', win, { scope: 'user' }).file, 'C:\\Users\\me\\AppData\\Roaming\\Code\\User\\mcp.json');
  assert.equal(clientFile('cursor', mac).file, '/Users/me/.cursor/mcp.json');
  assert.equal(clientFile('vscode', linux).key, 'servers');
  assert.throws(() => clientFile('claude-desktop', linux, { scope: 'project' }), /no project config file/);
});

test('the npx form is used from an npx cache and on request; Windows goes through cmd /c', () => {
  const host = { platform: 'linux' as const, home: '/h', env: {}, cwd: '/h' };
  assert.equal(defaultForm('/home/me/.npm/_npx/1a2b/node_modules/mcp-warden'), 'npx');
  assert.equal(defaultForm('/home/me/src/mcp-warden'), 'local');
  assert.deepEqual(launchFor('/c.json', host, 'npx'), { command: 'npx', args: ['-y', 'mcp-warden', '--config', '/c.json'] });
  assert.deepEqual(launchFor('C:\\c.json', { ...host, platform: 'win32' }, 'npx').args.slice(0, 3), ['/c', 'npx', '-y']);
  assert.equal(claudeMcpAdd('user', { command: '/usr/bin/node', args: ['/Users/me/Application Support/x.js'] }),
    "claude mcp add --scope user mcp-warden -- /usr/bin/node '/Users/me/Application Support/x.js'");
});

test('--write creates a missing client file (and its folder) with only our entry, mode 0600', async () => {
  const t = tempHome();
  withConfig(t);
  assert.equal(await setupCommand(['--client', 'claude-desktop', '--write'], t.io), 0);
  const file = desktopFile(t);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { mcpServers: { 'mcp-warden': LOCAL_ENTRY(t) } });
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.match(t.io.text(), /Added the "mcp-warden" entry .*the file was created/);
  assert.deepEqual(backups(path.dirname(file)), []);
});

test('--write merges into an existing file: other servers and keys kept, a byte-exact backup first, changes printed', async () => {
  const t = tempHome();
  withConfig(t);
  const file = place('claude-desktop-filesystem.json', desktopFile(t));
  const before = fs.readFileSync(file);
  assert.equal(await setupCommand(['--client', 'claude-desktop', '--write'], t.io), 0);
  const after = JSON.parse(fs.readFileSync(file, 'utf8'));
  const original = JSON.parse(before.toString());
  assert.deepEqual(after, { ...original, mcpServers: { ...original.mcpServers, 'mcp-warden': LOCAL_ENTRY(t) } });
  const [bak] = backups(path.dirname(file));
  assert.equal(bak, 'claude_desktop_config.json.2026-03-01T09-30-00-000Z.bak');
  assert.ok(fs.readFileSync(path.join(path.dirname(file), bak)).equals(before));
  // Only lines were added, and the printed diff shows them.
  assert.ok(fs.readFileSync(file, 'utf8').startsWith(before.toString().split('"github"')[0]));
  assert.match(t.io.text(), /\+ {5}"mcp-warden": \{/);
});

test('--write keeps comments, trailing commas and the "servers" key of a VS Code mcp.json', async () => {
  const t = tempHome();
  withConfig(t);
  const file = place('vscode-mcp.json', path.join(t.project, '.vscode', 'mcp.json'));
  assert.equal(await setupCommand(['--client', 'vscode', '--write'], t.io), 0);
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /\/\/ Servers for this workspace\./);
  assert.match(text, /\/\* The reference file server, on the workspace folder\. \*\//);
  const data = parseJsonc(text, [], { allowTrailingComma: true });
  assert.deepEqual(data.servers['mcp-warden'], { type: 'stdio', ...LOCAL_ENTRY(t) });
  assert.ok(data.servers.filesystem, 'setup does not remove other servers');
});

test('--write into a tab-indented ~/.claude.json keeps tabs and every other key', async () => {
  const t = tempHome();
  withConfig(t);
  const file = place('claude-code-user.json', path.join(t.home, '.claude.json'));
  const before = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(await setupCommand(['--client', 'claude-code', '--write'], t.io), 0);
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /\n\t\t"mcp-warden": \{\n\t\t\t"type": "stdio",/);
  const after = JSON.parse(text);
  assert.deepEqual(after.projects, before.projects);
  assert.equal(after.numStartups, 12);
  assert.deepEqual(after.mcpServers.sqlite, before.mcpServers.sqlite);
});

test('a second --write with the same entry writes nothing and makes no backup', async () => {
  const t = tempHome();
  withConfig(t);
  const file = place('cursor-other-servers.json', path.join(t.home, '.cursor', 'mcp.json'));
  assert.equal(await setupCommand(['--client', 'cursor', '--write'], t.io), 0);
  const once = fs.readFileSync(file);
  assert.equal(backups(path.dirname(file)).length, 1);
  assert.equal(await setupCommand(['--client', 'cursor', '--write'], t.io), 0);
  assert.ok(fs.readFileSync(file).equals(once));
  assert.equal(backups(path.dirname(file)).length, 1);
  assert.match(t.io.text(), /already has this exact "mcp-warden" entry; nothing was written/);
});

test('an existing different mcp-warden entry is never overwritten without --force', async () => {
  const t = tempHome();
  withConfig(t);
  const file = place('other-warden-entry.json', desktopFile(t));
  const before = fs.readFileSync(file);
  assert.equal(await setupCommand(['--client', 'claude-desktop', '--write', '--npx'], t.io), 1);
  assert.ok(fs.readFileSync(file).equals(before));
  assert.deepEqual(backups(path.dirname(file)), []);
  assert.match(t.io.stderr.join('\n'), /already has an "mcp-warden" entry that differs.*Fix: run `mcp-warden setup --client claude-desktop --scope user --npx --write --force`/);
  assert.equal(await setupCommand(['--client', 'claude-desktop', '--write', '--npx', '--force'], t.io), 0);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')).mcpServers['mcp-warden'].args.slice(0, 2), ['-y', 'mcp-warden']);
  const [bak] = backups(path.dirname(file));
  assert.ok(fs.readFileSync(path.join(path.dirname(file), bak)).equals(before));
});

for (const [name, pattern] of [
  ['malformed.json', /is not valid JSON \(line 4, column 5: a comma is missing\); it was left unchanged\. Fix: repair the file/],
  ['empty.json', /is empty, which is not valid JSON.*it was left unchanged\. Fix: write \{\} into it/],
  ['strict-with-comment.json', /line 2, column 3: a comment, which this client does not accept/],
  ['servers-list.json', /"mcpServers" is a list, expected an object of servers/],
] as const) {
  test(`a client file that cannot be edited safely (${name}) is left byte for byte, with a clear error`, async () => {
    const t = tempHome();
    withConfig(t);
    const file = place(name, desktopFile(t));
    const before = fs.readFileSync(file);
    assert.equal(await setupCommand(['--client', 'claude-desktop', '--write', '--force'], t.io), 1);
    assert.ok(fs.readFileSync(file).equals(before));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['claude_desktop_config.json']);
    assert.match(t.io.stderr.join('\n'), pattern);
    assert.match(t.io.stderr.join('\n'), new RegExp(file.replace(/[.]/g, '\\.')));
  });
}

test('a symlinked client file stays a symlink; its target gets the entry', async () => {
  const t = tempHome();
  withConfig(t);
  const real = place('cursor-other-servers.json', path.join(t.root, 'dotfiles', 'cursor.json'));
  const link = path.join(t.home, '.cursor', 'mcp.json');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(real, link);
  assert.equal(await setupCommand(['--client', 'cursor', '--write'], t.io), 0);
  assert.ok(fs.lstatSync(link).isSymbolicLink());
  assert.ok(JSON.parse(fs.readFileSync(real, 'utf8')).mcpServers['mcp-warden']);
});

test('a UTF-8 byte-order mark and CRLF line ends survive the edit', async () => {
  const t = tempHome();
  withConfig(t);
  const file = desktopFile(t);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '\uFEFF{\r\n  "mcpServers": {}\r\n}\r\n');
  assert.equal(await setupCommand(['--client', 'claude-desktop', '--write'], t.io), 0);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.startsWith('\uFEFF{\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
  assert.ok(JSON.parse(text.slice(1)).mcpServers['mcp-warden']);
});

test('setup without any config says where it looked and suggests init (exit 2)', async () => {
  const t = tempHome();
  assert.equal(await setupCommand(['--client', 'cursor', '--write'], t.io), 2);
  assert.match(t.io.stderr.join('\n'), /No config file found\. Looked in order at: .*mcp-warden\.json.*Fix: run `mcp-warden init`/);
  assert.equal(fs.existsSync(path.join(t.home, '.cursor')), false);
});

test('bad flags are usage errors', async () => {
  const t = tempHome();
  await assert.rejects(setupCommand(['--client', 'emacs'], t.io), /setup needs --client claude-desktop\|claude-code\|vscode\|cursor \(got "emacs"\)/);
  await assert.rejects(setupCommand([], t.io), /setup needs --client/);
  await assert.rejects(setupCommand(['--client', 'cursor', '--scope', 'global'], t.io), /--scope must be user or project/);
  await assert.rejects(setupCommand(['--client', 'cursor', '--npx', '--local'], t.io), /exclude each other/);
  await assert.rejects(setupCommand(['--client', 'cursor', '--bogus'], t.io), /bogus/);
});

test('the compiled CLI writes into the temp home it is given (HOME, XDG_CONFIG_HOME)', () => {
  const t = tempHome();
  withConfig(t);
  const r = runCli(t, ['setup', '--client', 'claude-desktop', '--write']);
  assert.equal(r.code, 0, r.all);
  const entry = JSON.parse(fs.readFileSync(desktopFile(t), 'utf8')).mcpServers['mcp-warden'];
  assert.equal(entry.command, process.execPath);
  assert.equal(entry.args[0], path.join(path.resolve(import.meta.dirname, '..', '..'), 'bin', 'mcp-warden.js'));
  assert.deepEqual(entry.args.slice(1), ['--config', path.join(t.project, 'mcp-warden.json')]);
  const usage = runCli(t, ['setup']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /setup needs --client/);
});
