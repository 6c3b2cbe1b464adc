// Builds real temp trees, configs and tool definitions for the file-tool and path-guard tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { ConfigSchema, type ConfigInput } from '../../../src/config/schema/index.js';
import type { Config } from '../../../src/config/types.js';
import type { SessionContext, ToolDefinition } from '../../../src/tools/contract.js';
import { WardenError } from '../../../src/errors.js';
import { fileTools } from '../../../src/tools/files/index.js';
import { pipelineCaller } from '../../helpers/pipeline.js';

export const SECRET = 'TOP-SECRET-OUTSIDE';

/** A temp folder (real path) with `root/` (read-write), `ro/` (read), `outside/` and `root_evil/`. */
export function tempTree(prefix = 'warden-fs-') {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const root = path.join(base, 'root');
  const ro = path.join(base, 'ro');
  const outside = path.join(base, 'outside');
  for (const d of [root, ro, outside, path.join(base, 'root_evil')]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(base, 'root_evil', 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(root, 'a.txt'), 'hello\n');
  fs.writeFileSync(path.join(ro, 'r.txt'), 'read only\n');
  const write = (rel: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
    fs.writeFileSync(path.join(base, rel), content);
  };
  const link = (target: string, rel: string) => fs.symlinkSync(target, path.join(base, rel));
  return { base, root, ro, outside, write, link, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}
export type Tree = ReturnType<typeof tempTree>;

/** A parsed config as the loader would hand it on: roots default to the tree's root (rw) and ro (read). */
export function makeConfig(tree: Tree, input: ConfigInput = {}): Config {
  const filesystem = { roots: [{ path: tree.root, access: 'read-write' as const }, { path: tree.ro, access: 'read' as const }], ...input.filesystem };
  const parsed = ConfigSchema.parse({ principal: 'me', users: { me: { roles: ['developer'] } }, ...input, filesystem });
  return { ...parsed, auditPath: path.join(tree.root, 'audit.db'), configPath: path.join(tree.root, 'mcp-warden.json') } as Config;
}

const quiet = { warn() {}, info() {}, debug() {}, error() {}, trace() {}, fatal() {}, child() { return quiet; } };

/** The file tools with a test session; `call` runs one through the real pipeline, as the server does. */
export function makeTools(config: Config, clientRoots?: () => readonly string[] | undefined, warnings: string[] = []) {
  const logger = { ...quiet, warn: (m: string) => warnings.push(m) };
  const session = { config, logger, clientRoots: clientRoots ?? (() => undefined) } as unknown as SessionContext;
  const tools = new Map<string, ToolDefinition>(fileTools(session).map((t) => [t.name, t]));
  const viaPipeline = pipelineCaller(session);
  async function call(name: string, args: Record<string, unknown>) {
    const tool = tools.get(name);
    assert.ok(tool, `no tool ${name}`);
    const out = await viaPipeline(tool, args);
    tool.outputSchema.parse(out.structured);
    return out;
  }
  return { tools, call, session };
}

/** Asserts a WardenError with this code (and rule, when given). */
export async function rejectsWith(promise: Promise<unknown>, code: string, rule?: string): Promise<WardenError> {
  let caught: unknown;
  await promise.then(() => assert.fail(`expected ${code}${rule ? ` (${rule})` : ''}, got success`), (e) => { caught = e; });
  assert.ok(caught instanceof WardenError, `expected a WardenError, got ${caught}`);
  assert.equal(caught.code, code, caught.message);
  if (rule) assert.equal(caught.detail.rule, rule, caught.message);
  return caught;
}
