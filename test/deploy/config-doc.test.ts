import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/server.js';
import { parseConfig } from '../../src/startup.js';

// The config reference is written by hand; the JSON Schema is generated from the zod schema at
// build time. This keeps the two in step: a new key, or a changed default, must reach the doc.
const doc = fs.readFileSync(path.join(REPO, 'docs', 'configuration.md'), 'utf8');
const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schema', 'mcp-warden.schema.json'), 'utf8'));

interface Node { properties?: Record<string, Node>; additionalProperties?: Node | boolean; items?: Node; anyOf?: Node[]; default?: unknown }

/** Every key path (`filesystem.roots[].path`, `databases.NAME.maxRows`) with its schema node; union members' keys apart. */
function keys(node: Node, prefix: string, out: Array<[string, Node]>, unionKeys: Set<string>): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (key.startsWith('$')) continue;
    const at = prefix ? `${prefix}.${key}` : key;
    out.push([at, child]);
    keys(child, at, out, unionKeys);
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') keys(node.additionalProperties, `${prefix}.NAME`, out, unionKeys);
  if (node.items) keys(node.items, `${prefix}[]`, out, unionKeys);
  // A rate limit is one of two shapes: the doc describes each shape once, not under every key that takes one.
  for (const branch of node.anyOf ?? []) for (const key of Object.keys(branch.properties ?? {})) if (!key.startsWith('$')) unionKeys.add(key);
}

const all: Array<[string, Node]> = [];
const unionKeys = new Set<string>();
keys(schema, '', all, unionKeys);

/** The row `| \`KEY\` | default | what |` of the reference, split into cells (the two-column overview table is not one). */
function row(key: string): string[] | undefined {
  return doc.split('\n')
    .filter((l) => l.startsWith(`| \`${key}\` |`))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| ?| ?\|$/g, '').trim()))
    .find((cells) => cells.length === 3);
}

test('the JSON Schema yields the config keys this test walks', () => {
  const paths = all.map(([p]) => p);
  for (const p of ['principal', 'filesystem.roots[].path', 'databases.NAME.maxRows', 'policies[].when[].operator', 'auth.apiKeys.NAME.hash', 'http.failureLimit.capacity']) {
    assert.ok(paths.includes(p), p);
  }
  assert.deepEqual([...unionKeys].sort(), ['capacity', 'limit', 'refillPerSecond', 'windowMs']);
});

test('docs/configuration.md has a row for every config key (a top-level section may be a heading instead)', () => {
  const missing = all.map(([p]) => p).filter((p) => !row(p) && !(p.split('.').length === 1 && doc.includes(`\n## ${p}\n`)));
  assert.deepEqual(missing, [], 'keys of schema/mcp-warden.schema.json missing from docs/configuration.md');
  for (const key of unionKeys) assert.ok(doc.includes(`"${key}"`) || doc.includes(`\`${key}\``), key);
});

test('every default docs/configuration.md gives as a value is the schema\'s default', () => {
  const wrong: string[] = [];
  for (const [key, node] of all) {
    const cells = row(key);
    if (!cells || !('default' in node)) continue;
    const shown = /^`([^`]+)`/.exec(cells[1])?.[1];
    const isObject = typeof node.default === 'object' && node.default !== null && !Array.isArray(node.default);
    // A section's default is the sum of its keys' rows, so the doc may leave it out.
    if (shown === undefined) {
      if (!isObject) wrong.push(`${key}: the default ${JSON.stringify(node.default)} is not shown`);
      continue;
    }
    let value: unknown;
    try { value = JSON.parse(shown); } catch { wrong.push(`${key}: \`${shown}\` is not a JSON value`); continue; }
    if (JSON.stringify(value) !== JSON.stringify(node.default)) wrong.push(`${key}: the doc says ${shown}, the schema ${JSON.stringify(node.default)}`);
  }
  assert.deepEqual(wrong, []);
});

test('every example in docs/configuration.md is a valid config', () => {
  const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(examples.length >= 5);
  for (const example of examples) assert.doesNotThrow(() => parseConfig(JSON.parse(example), '/srv/mcp-warden/config.json', {}), example);
});
