import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { exampleLines, principalRows, principalTable } from '../../src/cli/check.js';
import { parseConfig } from '../../src/startup.js';
import { runCli, tempHome, writeConfig } from '../fixtures/clients/home.js';

const config = parseConfig({
  principal: 'me',
  users: { me: { roles: ['developer'] }, bob: { roles: ['readonly'] }, eve: { roles: ['analyst'] } },
  policies: [
    { id: 'no-docs', effect: 'deny', priority: 10, tools: ['write_file', 'move_file'], when: [{ attribute: 'resource.path', operator: 'glob', value: '**/docs/**' }],
      examples: { match: [{ tool: 'write_file', resource: { path: '/p/docs/a.md' } }], notMatch: [{ tool: 'write_file', resource: { path: '/p/src/a.ts' } }] } },
    { id: 'ask-moves', effect: 'ask', priority: 5, tools: ['move_file'] },
    { id: 'never-after-ask', effect: 'deny', priority: 1, tools: ['move_file'] },
    { id: 'eve-no-sql', effect: 'deny', priority: 20, tools: ['sql_query'], when: [{ attribute: 'principal.id', operator: 'eq', value: 'eve' }] },
    { id: 'eve-trusted-reads', effect: 'allow', priority: 30, tools: ['read_text_file'], when: [{ attribute: 'principal.roles', operator: 'contains', value: 'analyst' }] },
  ],
}, '/tmp/check-test/mcp-warden.json');

const row = (principal: string, tool: string) => principalRows(config, principal).find((r) => r.tool === tool)!;

test('a tool no role grants is denied, with the permission named', () => {
  assert.deepEqual(row('bob', 'write_file'), { tool: 'write_file', access: 'denied', policies: [], reason: 'no role or permission grants file:write' });
  assert.equal(row('nobody', 'read_text_file').access, 'denied');
});

test('a conditional policy leaves the tool allowed and is listed with its condition', () => {
  assert.deepEqual(row('me', 'write_file'), { tool: 'write_file', access: 'allowed', policies: ['deny "no-docs" when resource.path glob "**/docs/**"'] });
  assert.deepEqual(row('me', 'read_text_file'), { tool: 'read_text_file', access: 'allowed', policies: [] });
});

test('the first unconditional policy decides; policies after it are never reached and not listed', () => {
  assert.deepEqual(row('me', 'move_file'), {
    tool: 'move_file', access: 'ask',
    policies: ['deny "no-docs" when resource.path glob "**/docs/**"', 'ask "ask-moves"'],
  });
});

test('conditions on the principal are decided per principal', () => {
  assert.deepEqual(row('eve', 'sql_query'), { tool: 'sql_query', access: 'denied', policies: ['deny "eve-no-sql"'] });
  assert.deepEqual(row('me', 'sql_query'), { tool: 'sql_query', access: 'allowed', policies: [] });
  assert.deepEqual(row('eve', 'read_text_file'), { tool: 'read_text_file', access: 'allowed', policies: ['allow "eve-trusted-reads"'] });
  assert.deepEqual(row('me', 'read_text_file').policies, []);
});

test('the table has a header and one line per tool', () => {
  const lines = principalTable(config, 'me');
  assert.match(lines[0], /TOOL +ACCESS +POLICIES/);
  assert.equal(lines.length, 1 + principalRows(config, 'me').length);
  assert.match(lines.find((l) => l.includes('sql_execute'))!, /sql_execute +allowed +-$/);
});

test('policy examples are run and counted per policy', () => {
  const lines = exampleLines(config);
  assert.equal(lines[0], '  "no-docs": 1 match, 1 notMatch examples pass');
  assert.match(lines[1], /"ask-moves": no examples \(add "examples"/);
  const broken = { ...config, policies: [{ ...config.policies[0], examples: { match: [{ tool: 'read_text_file' }], notMatch: [] } }] };
  assert.match(exampleLines(broken as typeof config)[0], /"no-docs": FAILED \(a match example does not match\)/);
});

test('the compiled CLI prints the table per principal and the examples run', () => {
  const t = tempHome();
  const file = writeConfig(path.join(t.project, 'mcp-warden.json'), {
    principal: 'me', users: { me: { roles: ['developer'] }, bob: { roles: ['readonly'] } },
    policies: [{ id: 'ask-moves', effect: 'ask', tools: ['move_file'], examples: { match: [{ tool: 'move_file' }], notMatch: [{ tool: 'write_file' }] } }],
  });
  const r = runCli(t, ['check', '--config', file]);
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /Policy examples:\n {2}"ask-moves": 1 match, 1 notMatch examples pass/);
  assert.match(r.stdout, /Principal "me" \(this session\), roles: developer:\n {2}TOOL/);
  assert.match(r.stdout, /move_file +ask +ask "ask-moves"/);
  assert.match(r.stdout, /Principal "bob", roles: readonly:[\s\S]*write_file +denied +no role or permission grants file:write/);
});
