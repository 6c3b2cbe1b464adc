// The built-in hazard table: one refused spelling per row of command-hazards.md §6.2 for
// the programs a developer allowlists. Pure: rules run on a resolved program record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkArguments } from '../../src/guards/command-rules.js';
import { HAZARDS } from '../../src/guards/command-hazards.js';
import { WardenError } from '../../src/errors.js';
import type { ResolvedProgram } from '../../src/guards/command-programs.js';

const program = (name: string, rule: Partial<ResolvedProgram['rule']> = {}): ResolvedProgram => ({
  name, path: `/usr/bin/${name}`, realPath: `/usr/bin/${name}`, rule: { dangerous: false, ...rule },
  hazards: HAZARDS[name] ? [HAZARDS[name]] : [], interpreter: false,
});

function refused(name: string, args: string[], rule = 'command.hazard') {
  assert.throws(() => checkArguments(program(name), args), (e: unknown) => {
    assert.ok(e instanceof WardenError);
    assert.equal(e.code, 'denied');
    assert.equal(e.detail.rule, rule, e.message);
    return true;
  }, `${name} ${args.join(' ')} should be refused`);
}
const allowed = (name: string, args: string[]) => assert.doesNotThrow(() => checkArguments(program(name), args));

const ATTACKS: Array<[string, string[]]> = [
  ['git', ['-c', 'core.fsmonitor=touch /tmp/x', 'status']],
  ['git', ['--config-env=core.pager=EVIL', 'log']],
  ['git', ['-C', '/etc', 'status']],
  ['git', ['--git-dir=/outside/.git', 'log']],
  ['git', ['--work-tree', '/', 'status']],
  ['git', ['--exec-path=/tmp', 'status']],
  ['git', ['-p', 'log']],
  ['git', ['ls-remote', '--upload-pack=touch /tmp/x', '.']],
  ['git', ['log', '--upload-p=touch /tmp/x']],
  ['git', ['diff', '--output=/tmp/x']],
  ['git', ['log', '--out=/tmp/x']],
  ['git', ['format-patch', '-o/tmp/x']],
  ['git', ['grep', '-Ovim', 'x']],
  ['git', ['grep', '--open-files-in-pager=sh', 'x']],
  ['git', ['diff', '--ext-diff']],
  ['git', ['log', '--textconv']],
  ['git', ['apply', '--unsafe-paths', '--directory=/tmp', 'p.diff']],
  ['git', ['commit', '--template=/etc/passwd']],
  ['git', ['config', 'core.fsmonitor', 'touch /tmp/x']],
  ['git', ['bisect', 'run', 'sh']],
  ['git', ['rebase', '-x', 'sh', 'HEAD~1']],
  ['git', ['difftool', '-x', 'sh']],
  ['git', ['submodule', 'foreach', 'sh']],
  ['git', ['fetch', 'origin']],
  ['git', ['clone', 'file:///outside', 'x']],
  ['git', ['worktree', 'add', '/tmp/x']],
  ['git', ['archive', '--remote=x', 'HEAD']],
  ['git', ['maintenance', 'start']],
  ['find', ['.', '-exec', 'sh', '-c', 'x', ';']],
  ['find', ['.', '-execdir', 'sh', ';']],
  ['find', ['.', '-ok', 'sh', ';']],
  ['find', ['.', '-fprintf', '/tmp/x', '%p']],
  ['find', ['.', '-fprint', '/tmp/x']],
  ['find', ['.', '-fls', '/tmp/x']],
  ['find', ['.', '-delete']],
  ['find', ['-L', '.']],
  ['find', ['.', '-follow']],
  ['find', ['-files0-from', 'list']],
  ['rg', ['--pre', 'sh', 'x']],
  ['rg', ['--pre=sh', 'x']],
  ['rg', ['--pre-glob=*', 'x']],
  ['rg', ['-L', 'x']],
  ['rg', ['--follow', 'x']],
  ['rg', ['-z', 'x']],
  ['grep', ['-R', 'x', '.']],
  ['grep', ['--dereference-recursive', 'x', '.']],
  ['grep', ['-nR', 'x', '.']],
  ['tar', ['--to-command=sh', '-xf', 'a.tar']],
  ['tar', ['--to-com=sh', '-xf', 'a.tar']],
  ['tar', ['--checkpoint=1', '--checkpoint-action=exec=sh', '-cf', 'a.tar', '.']],
  ['tar', ['-cIsh', '-f', 'a.tar', '.']],
  ['tar', ['--use-compress-program=sh', '-cf', 'a.tar', '.']],
  ['tar', ['-cf', 'a.tar', '-T', '/etc/list']],
  ['tar', ['-xPf', 'a.tar']],
  ['tar', ['-cf', 'a.tar', '--transform=s,^,/,', '.']],
  ['tar', ['-F', 'sh', '-cf', 'a.tar', '.']],
  ['tar', ['--rsh-command=/bin/sh', '-cf', 'h:a.tar', '.']],
  ['tar', ['cIf', 'sh', 'a.tar', '.']],
  ['tar', ['-cf', 'a.tar', '--remove-files', '.']],
  ['sed', ['--follow-symlinks', '-i', 's/a/b/', 'a.txt']],
  ['gawk', ['-l', 'evil', 'BEGIN{}']],
  ['gawk', ['-W', 'dump-variables=/tmp/x', 'BEGIN{}']],
  ['gawk', ['--pretty-print=/tmp/x', 'BEGIN{}']],
  ['gawk', ['--dump=/tmp/x', 'BEGIN{}']],
  ['gawk', ['-o/tmp/x', 'BEGIN{}']],
  ['gawk', ['-p', 'BEGIN{}']],
  ['gawk', ['-D', 'BEGIN{}']],
  ['rg', ['--hostname-bin=sh', 'x']],
  ['sort', ['--compress-program=sh', 'a.txt']],
  ['wc', ['--files0-from=/etc/list']],
];

for (const [name, args] of ATTACKS) {
  test(`${name} ${args.join(' ')} is refused`, () => refused(name, args));
}

test('git: options before the subcommand are limited to a safe list', () => {
  allowed('git', ['--no-pager', 'log', '--oneline', '-n', '5']);
  refused('git', ['--attr-source=HEAD', 'grep', '-O', 'x']);
});

test('git: per-subcommand letters only bind after that subcommand (grep -O, but log -O<orderfile>)', () => {
  allowed('git', ['log', '-Oorder.txt']);
  allowed('git', ['grep', '-o', 'x']);
  allowed('git', ['diff', '--output-indicator-new=+']);
});

test('ordinary uses pass', () => {
  allowed('find', ['.', '-name', '*.ts', '-type', 'f', '-executable']);
  allowed('tar', ['-czf', 'out.tgz', 'src']);
  allowed('grep', ['-rn', 'TODO', '.']);
  allowed('sed', ['-n', '1,3p', 'a.txt']);
  allowed('ls', ['-la']);
  allowed('head', ['-n5', 'a.txt']);
});

test('config subcommands: the first argument must be one of them', () => {
  assert.throws(() => checkArguments(program('git', { subcommands: ['status', 'log'] }), ['--no-pager', 'log']), /first argument/);
  assert.doesNotThrow(() => checkArguments(program('git', { subcommands: ['status', 'log'] }), ['log']));
});

test('config denyArgs holds in every spelling, allowArgs refuses anything unlisted', () => {
  const ls = program('ls', { denyArgs: ['--recursive', '-R'] });
  assert.throws(() => checkArguments(ls, ['--recur']), (e: WardenError) => e.detail.rule === 'command.deny_args');
  assert.throws(() => checkArguments(ls, ['-laR']), (e: WardenError) => e.detail.rule === 'command.deny_args');
  const head = program('head', { allowArgs: ['-n='] });
  assert.doesNotThrow(() => checkArguments(head, ['-n5', 'a.txt']));
  assert.throws(() => checkArguments(head, ['-c5', 'a.txt']), (e: WardenError) => e.detail.rule === 'command.allow_args');
});

test('the hazard table is checked before config denyArgs and allowArgs', () => {
  const git = program('git', { allowArgs: ['-c'] });
  refused('git', ['-c', 'x=y', 'log']);
  assert.throws(() => checkArguments(git, ['-c', 'x=y', 'log']), (e: WardenError) => e.detail.rule === 'command.hazard');
});

test('recursive search is flagged so the guard can demand the sandbox', () => {
  assert.equal(checkArguments(program('grep'), ['-r', 'x', '.']).search, true);
  assert.equal(checkArguments(program('grep'), ['x', 'a.txt']).search, false);
  assert.equal(checkArguments(program('git'), ['grep', 'x']).search, true);
  assert.equal(checkArguments(program('rg'), ['x']).search, true);
  // gawk: `@include` (any spacing) and program files read files the guard never sees.
  assert.equal(checkArguments(program('gawk'), ['{ print $1 }', 'a.txt']).search, false);
  assert.equal(checkArguments(program('gawk'), ['@ include "x"']).search, true);
  assert.equal(checkArguments(program('gawk'), ['-e', '@include "x"']).search, true);
  assert.equal(checkArguments(program('gawk'), ['-f', 'p.awk']).search, true);
  assert.equal(checkArguments(program('gawk'), ['--exec=p.awk']).search, true);
  assert.equal(checkArguments(program('gawk'), ['-i', 'lib']).search, true);
});
