// Builds real temp trees, configs and tool definitions for the file-tool and path-guard tests.
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigInput } from '../../../src/config/schema/index.js';
import type { Config } from '../../../src/config/types.js';
import { fileTools } from '../../../src/tools/files/index.js';
import { makeConfig } from '../../helpers/config.js';
import { tempDir } from '../../helpers/temp.js';
import { makeTools, type SessionOptions } from '../../helpers/tools.js';

export const SECRET = 'TOP-SECRET-OUTSIDE';

/** A temp folder (real path) with `root/` (read-write), `ro/` (read), `outside/` and `root_evil/`. */
export function tempTree(prefix = 'warden-fs-') {
  const base = tempDir(prefix);
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

/** A parsed config with the tree's roots: `root` read-write and `ro` read unless `input.filesystem` says otherwise. */
export function filesConfig(tree: Tree, input: ConfigInput = {}): Config {
  const filesystem = { roots: [{ path: tree.root, access: 'read-write' as const }, { path: tree.ro, access: 'read' as const }], ...input.filesystem };
  // A principal with a role: calls go through the pipeline, whose RBAC would refuse a nobody.
  return makeConfig({ principal: 'me', users: { me: { roles: ['developer'] } }, ...input, filesystem }, tree.root);
}

/** The file tools for a config (see test/helpers/tools.ts: `call` runs them like the pipeline). */
export const makeFileTools = (config: Config, options: SessionOptions = {}) => makeTools(fileTools, config, options);
