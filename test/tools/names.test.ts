// The name → permission table is derived from the families' tables, which the definitions
// read: every tool a family builds must carry exactly its table entry, and the table must
// name no tool that no family builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SessionContext, ToolFamily } from '../../src/tools/contract.js';
import { fileTools, FILE_TOOL_PERMISSIONS } from '../../src/tools/files/index.js';
import { sqlTools, SQL_TOOL_PERMISSIONS } from '../../src/tools/sql/index.js';
import { commandTools, COMMAND_TOOL_PERMISSIONS } from '../../src/tools/command/index.js';
import { TOOL_PERMISSIONS, TOOL_PERMISSION_TABLE } from '../../src/tools/names.js';
import { makeConfig } from '../helpers/config.js';
import { tempDir } from '../helpers/temp.js';
import { testSession } from '../helpers/tools.js';

function session(root: string): SessionContext {
  return testSession(makeConfig({
    filesystem: { roots: [{ path: root, access: 'read-write' }] },
    databases: { main: { path: path.join(root, 'main.db'), access: 'read-write' } },
    commands: { allow: { ls: {} }, sandbox: 'off' },
  }, root));
}

const families: Array<[string, ToolFamily, Readonly<Record<string, string>>]> = [
  ['files', fileTools, FILE_TOOL_PERMISSIONS],
  ['sql', sqlTools, SQL_TOOL_PERMISSIONS],
  ['command', commandTools, COMMAND_TOOL_PERMISSIONS],
];

test('every tool a family builds carries its table entry, and the table names only built tools', () => {
  const root = tempDir('warden-names-');
  try {
    for (const [name, family, table] of families) {
      const built = family(session(root)).map((tool) => [tool.name, tool.permission]);
      assert.deepEqual(built, Object.entries(table), `family ${name}`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the contract table is the families\' tables joined, in contract order, with no name lost', () => {
  const joined = families.flatMap(([, , table]) => Object.entries(table));
  assert.equal(joined.length, 21);
  assert.deepEqual(Object.entries(TOOL_PERMISSIONS), joined);
  assert.deepEqual([...TOOL_PERMISSION_TABLE], joined);
});
