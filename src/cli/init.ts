import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_FILE } from '../config/json-schema.js';
import { parse, out, err } from './args.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A starter config for `folder`: itself as the one root, least privilege elsewhere, every section explained. */
export function starterConfig(folder: string): Record<string, unknown> {
  return {
    $schema: path.join(packageRoot, JSON_SCHEMA_FILE),
    $comment: 'mcp-warden config. Every key is optional; unknown keys are refused. Run `mcp-warden check` after editing.',
    principal: 'me',
    users: {
      $comment: 'Who this session acts as, and their roles: admin, developer, analyst, readonly, or your own under "roles".',
      me: { roles: ['developer'] },
    },
    filesystem: {
      $comment: 'The file tools reach only these roots. Secrets (.env, keys, .ssh, ...) stay hidden by default; add your own globs to "deny".',
      roots: [{ path: folder, access: 'read-write' }],
      deny: [],
    },
    databases: { $comment: 'SQLite files the SQL tools may use: { "name": { "path": "data.db", "access": "read" } }.' },
    commands: {
      $comment: 'Programs run_command may start, each with argument rules. Commands run in a bubblewrap sandbox (sandbox: required).',
      allow: {},
    },
    policies: [
      {
        id: 'ask-before-moves',
        $comment: 'Policies narrow what roles allow: deny, ask (the client asks you) or allow, by priority.',
        effect: 'ask',
        priority: 10,
        tools: ['move_file'],
        message: 'Moving files rearranges the project; confirm it.',
        examples: { match: [{ tool: 'move_file' }], notMatch: [{ tool: 'read_text_file' }] },
      },
    ],
    audit: { $comment: 'The audit log: mcp-warden audit search | verify. Default path: your user state folder.' },
  };
}

export async function initCommand(argv: string[]): Promise<number> {
  parse(argv, {});
  const target = path.join(process.cwd(), 'mcp-warden.json');
  if (fs.existsSync(target)) {
    err(`${target} already exists; mcp-warden init never overwrites a config. Edit it, or move it away first.`);
    return 1;
  }
  fs.writeFileSync(target, `${JSON.stringify(starterConfig(process.cwd()), null, 2)}\n`, { flag: 'wx' });
  out(`Wrote ${target}: ${process.cwd()} as a read-write root for principal "me" (role developer).\nNext: mcp-warden check`);
  return 0;
}
