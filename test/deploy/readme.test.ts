import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/server.js';
import { parseConfig } from '../../src/startup.js';
import { DOCKERFILE, parseDockerfile } from './files.js';

const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const section = /^# Shared mode \(HTTP\)\n([\s\S]*)$/.exec(fs.readFileSync(path.join(REPO, 'docs', 'shared-mode.md'), 'utf8'))?.[1] ?? '';
const deployment = fs.readFileSync(path.join(REPO, 'docs', 'deployment.md'), 'utf8');
const blocks = (lang: string, text = section) => [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const runtime = parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8')).stages.at(-1)!;
const last = (op: string) => runtime.instructions.filter((i) => i.op === op).at(-1)!;

test('docs/shared-mode.md has the shared-mode section, and the README its pointer right before Development', () => {
  assert.ok(section.length > 0);
  assert.match(readme, /\n## Shared mode \(HTTP\)\n[\s\S]*?\n## Development\n/);
});

test('docs/shared-mode.md\'s config example is a valid config', () => {
  const [example] = blocks('json');
  const config = parseConfig(JSON.parse(example), '/srv/mcp-warden/config.json', {});
  assert.equal(config.http.host, '0.0.0.0');
  assert.ok(config.auth.jwt && Object.keys(config.auth.apiKeys).length > 0);
});

test('docs/deployment.md\'s docker run mounts the config where the image CMD reads it and the state volume the image declares', () => {
  const run = blocks('sh', deployment).map((b) => b.replace(/\\\n\s*/g, ' ')).join('\n').split('\n').find((l) => l.startsWith('docker run'));
  assert.ok(run, 'no docker run line');
  const cmd = last('CMD').json!;
  assert.match(run, new RegExp(`:${cmd[cmd.indexOf('--config') + 1]}:ro\\b`));
  const [volume] = JSON.parse(last('VOLUME').args) as string[];
  assert.match(run, new RegExp(`-v [\\w-]+:${volume}(\\s|$)`));
  assert.match(run, /--read-only\b/);
  assert.match(run, /--tmpfs \/tmp\b/);
  assert.match(run, new RegExp(`-p 127\\.0\\.0\\.1:${last('EXPOSE').args}:${last('EXPOSE').args}\\b`));
});

// Inspector 2.x reads `--config` as its own flag: the server's command must come after `--`.
test('every MCP Inspector line in the README puts the server command after --', () => {
  const lines = readme.split('\n').filter((l) => l.includes('@modelcontextprotocol/inspector'));
  assert.ok(lines.some((l) => l.includes('--cli --method tools/list --')), 'the --cli form is shown');
  for (const line of lines) {
    assert.match(line, /npx @modelcontextprotocol\/inspector (--cli --method tools\/list )?-- node bin\/mcp-warden\.js serve --config /, line);
  }
});
