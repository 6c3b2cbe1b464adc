import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkSandbox, runDoctor } from '../../src/cli/doctor.js';
import { END, START, troubleshootingMarkdown } from '../../src/cli/troubleshooting.js';
import { parseConfig } from '../../src/startup.js';
import type { Check } from '../../src/doctor/check.js';
import { probeForDoctor } from '../../src/doctor/sandbox-probe.js';
import { MESSAGE_KINDS } from '../../src/messages/kinds.js';
import { render } from '../../src/messages/message.js';
import { REPO, runCli, tempHome, writeConfig, type TempHome } from '../fixtures/clients/home.js';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORKS = () => ({ available: true as const, tool: 'bubblewrap', path: '/usr/bin/bwrap', detail: 'works' });

/** Runs doctor on a config and returns the line of the one failing check with `id`. */
async function failing(t: TempHome, config: Record<string, unknown>, id: string, programDirs?: string[]): Promise<Check> {
  writeConfig(path.join(t.project, 'mcp-warden.json'), { audit: { path: path.join(t.root, 'state', 'audit.db') }, ...config });
  const { checks } = await runDoctor(t.io, { probe: WORKS, programDirs });
  const hit = checks.find((c) => c.id === id);
  assert.ok(hit, `no ${id} in ${JSON.stringify(checks, null, 2)}`);
  assert.equal(hit.status, 'fail');
  return hit;
}

test('no config found: every verb that needs one says the lookup order and suggests init', () => {
  const t = tempHome();
  const userConfig = path.join(t.home, '.config', 'mcp-warden', 'config.json');
  for (const args of [['check'], ['doctor'], ['setup', '--client', 'cursor'], ['serve']]) {
    const r = runCli(t, args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.all}`);
    assert.match(r.all, new RegExp(`No config file found\\. Looked in order at: --config FILE, MCP_WARDEN_CONFIG, ${esc(path.join(t.project, 'mcp-warden.json'))}, ${esc(userConfig)}\\.`), args.join(' '));
    assert.match(r.all, /`mcp-warden init`/, args.join(' '));
  }
});

test('a root that does not exist: named with its key, fixed by correcting it or creating it', async () => {
  const t = tempHome();
  const missing = path.join(t.root, 'projcet');
  const c = await failing(t, { filesystem: { roots: [{ path: missing, access: 'read-write' }] } }, 'root-missing');
  assert.equal(c.message, `filesystem.roots[0].path: the folder ${missing} does not exist, so the file tools skip this root.`);
  assert.equal(c.fix, `correct the path in ${path.join(t.project, 'mcp-warden.json')} or create the folder (mkdir -p ${missing}).`);
});

test('a relative path that resolved somewhere surprising: says against which folder, and to write it absolute', async () => {
  const t = tempHome();
  // The user config folder holds the config; "src" meant the project's src, not the config folder's.
  fs.mkdirSync(path.join(t.project, 'src'));
  const folder = path.join(t.home, '.config', 'mcp-warden');
  writeConfig(path.join(folder, 'config.json'), { filesystem: { roots: [{ path: 'src', access: 'read-write' }] }, audit: { path: path.join(t.root, 'a.db') } });
  const { checks } = await runDoctor(t.io, { probe: WORKS });
  const c = checks.find((x) => x.id === 'relative-path');
  assert.ok(c, JSON.stringify(checks));
  assert.equal(c.status, 'fail');
  assert.equal(c.message, `filesystem.roots[0].path: "src" is relative, so it resolved against the config file's folder ${folder} to ${path.join(folder, 'src')}, not against the folder you ran from.`);
  assert.equal(c.fix, 'write an absolute path (or one starting with ~/) for filesystem.roots[0].path.');
});

test('a database file that is missing: named, and how to fix the path or create it', async () => {
  const t = tempHome();
  const c = await failing(t, { databases: { shop: { path: 'data/shop.db' } } }, 'database-missing');
  const file = path.join(t.project, 'data', 'shop.db');
  assert.equal(c.message, `databases.shop.path: there is no file at ${file}; mcp-warden never creates a database, so the SQL tools refuse "shop".`);
  assert.match(c.fix!, /^correct databases\.shop\.path \(relative paths resolve against the config's folder\) or create the database, e\.g\. sqlite3 /);
});

test('an audit folder that cannot be written: says why, that calls are refused, and to set audit.path', async () => {
  const t = tempHome();
  // A file where the folder should be stops root as well as anyone else.
  const blocker = path.join(t.root, 'state');
  fs.writeFileSync(blocker, 'not a folder');
  const file = path.join(blocker, 'mcp-warden', 'audit.db');
  const c = await failing(t, { audit: { path: file } }, 'audit-not-writable');
  assert.equal(c.message, `The audit log ${file} cannot be written (${blocker} is a file, so the folder ${path.dirname(file)} cannot be created); the server refuses every tool call it cannot record.`);
  assert.match(c.fix!, /^set audit\.path in .*mcp-warden\.json to a file in a folder you can write/);
});

test('a program that is not found: names the program and the trusted PATH, and how to fix it', async () => {
  const t = tempHome();
  const empty = fs.mkdtempSync(path.join(t.root, 'bin-'));
  const c = await failing(t, { commands: { allow: { rg: {} } } }, 'program-not-found', [empty]);
  assert.equal(c.message, `commands.allow.rg: not found in the trusted PATH (${empty}); run_command refuses it.`);
  assert.match(c.fix!, /^install rg into a system folder .*or remove it from commands\.allow; mcp-warden never searches your own PATH/);
  // The same with the real system folders.
  const real = await failing(t, { commands: { allow: { 'no-such-program-warden': {} } } }, 'program-not-found');
  assert.match(real.message, /commands\.allow\.no-such-program-warden: not found in the trusted PATH \(.*\/usr\/bin.*\)/);
});

/** A stand-in bwrap (and the `true` the probe runs in it) that fails like a kernel without user namespaces, or works. */
function fakeBwrap(dir: string, runExit: number): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'bwrap'), `#!/bin/sh\n${runExit ? 'echo "bwrap: setting up uid map: Permission denied" >&2\n' : ''}exit ${runExit}\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'true'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
}

test('bubblewrap missing under sandbox: required: run_command refuses everything; install it or choose auto', async () => {
  const t = tempHome();
  const empty = fs.mkdtempSync(path.join(t.root, 'nobwrap-'));
  const probe = await probeForDoctor([], [empty]);
  assert.equal(probe.available === false && probe.kind, 'missing');
  assert.equal(probe.available === false && probe.searched, empty);
  const config = parseConfig({ commands: { allow: { ls: {} }, sandbox: 'required' } }, path.join(t.project, 'c.json'), t.env);
  const c = checkSandbox(config, probe, 'linux');
  assert.equal(c.status, 'fail');
  assert.equal(c.message, `bubblewrap (bwrap) is not installed (looked in ${empty}); with commands.sandbox "required" run_command refuses every command.`);
  assert.match(c.fix!, /^install bubblewrap \(sudo apt install bubblewrap, .*\); or set commands\.sandbox to "auto"/);
  // Under auto it is a warning, and with nothing allowlisted nothing needs a sandbox.
  assert.equal(checkSandbox(parseConfig({ commands: { allow: { ls: {} }, sandbox: 'auto' } }, undefined, t.env), probe, 'linux').status, 'warn');
  assert.equal(checkSandbox(parseConfig({}, undefined, t.env), probe, 'linux').status, 'ok');
});

test('bubblewrap present but without user namespaces: says so, and how to allow them', async () => {
  const t = tempHome();
  const dir = path.join(t.root, 'fake');
  fakeBwrap(dir, 1);
  const probe = await probeForDoctor([], [dir]);
  assert.equal(probe.available, false);
  assert.equal(probe.available === false && probe.kind, 'blocked');
  const config = parseConfig({ commands: { allow: { ls: {} } } }, undefined, t.env);
  const c = checkSandbox(config, probe, 'linux');
  assert.match(c.message, /^bubblewrap is installed but cannot start a sandbox \(bwrap: setting up uid map: Permission denied\); with commands\.sandbox "required" run_command refuses every command\.$/);
  assert.match(c.fix!, /kernel\.apparmor_restrict_unprivileged_userns=0/);
  fakeBwrap(dir, 0);
  const works = await probeForDoctor([], [dir]);
  assert.equal(works.available, true);
  assert.equal(checkSandbox(config, works, 'linux').status, 'ok');
  const none = checkSandbox(config, { available: false, kind: 'unsupported', searched: '', reason: 'no sandbox' }, 'win32');
  assert.match(`${none.message} Fix: ${none.fix}`, /no command sandbox for win32.*Fix: run mcp-warden on Linux with bubblewrap/);
});

test('every message names the problem and the fix, and ids are unique', () => {
  const ids = new Set<string>();
  for (const kind of MESSAGE_KINDS) {
    const m = kind.build(kind.sample);
    assert.equal(m.id, kind.id);
    assert.ok(!ids.has(m.id), `duplicate ${m.id}`);
    ids.add(m.id);
    assert.ok(m.problem.length > 20 && /[.)]$/.test(m.problem), `${m.id}: problem "${m.problem}"`);
    assert.ok(m.fix.length > 20 && m.fix.endsWith('.'), `${m.id}: fix "${m.fix}"`);
    assert.ok(m.fix !== m.problem);
    assert.equal(render(m), `${m.problem} Fix: ${m.fix}`);
  }
  for (const id of ['config-not-found', 'root-missing', 'relative-path', 'database-missing', 'audit-not-writable', 'program-not-found', 'sandbox-missing']) {
    assert.ok(ids.has(id), `the issue's first-five-minutes error ${id} has a message`);
  }
});

test('docs/troubleshooting.md\'s troubleshooting section is the one generated from messages.ts', () => {
  const generated = troubleshootingMarkdown();
  for (const file of [path.join(REPO, 'docs', 'troubleshooting.md')]) {
    const text = fs.readFileSync(file, 'utf8');
    const section = text.slice(text.indexOf(START.slice(0, 30)), text.indexOf(END) + END.length);
    assert.equal(section, generated, `${file} is stale: run node --import tsx src/cli/troubleshooting.ts --write ${path.relative(REPO, file)}`);
  }
  for (const kind of MESSAGE_KINDS) assert.ok(generated.includes(`#### ${kind.title}\n`), kind.id);
});
