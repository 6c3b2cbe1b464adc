/** Messages of `mcp-warden import`: no server-filesystem entry to import, or a config in the way. */
import { kind } from './message.js';

export const importNothing = kind('import-nothing', 'import finds no server-filesystem entry',
  { file: '/home/me/.config/Claude/claude_desktop_config.json', servers: ['github'] },
  (p: { file: string; servers: string[] }) => ({
    problem: `${p.file} has no @modelcontextprotocol/server-filesystem entry (servers there: ${p.servers.join(', ') || 'none'}).`,
    fix: 'name the right file with --from FILE or --client, or start from scratch with `mcp-warden init`.',
  }));

export const importNothingAnywhere = kind('import-nothing-anywhere', 'import finds no client that runs server-filesystem',
  { searched: ['/home/me/.config/Claude/claude_desktop_config.json', '/home/me/.cursor/mcp.json'] },
  (p: { searched: string[] }) => ({
    problem: `No client config runs @modelcontextprotocol/server-filesystem (looked at ${p.searched.join(', ')}).`,
    fix: 'name the file with --client and --from FILE if it lies elsewhere, or start from scratch with `mcp-warden init`.',
  }));

export const outputExists = kind('output-exists', 'import would overwrite a config', { file: '/home/me/.config/mcp-warden/config.json' },
  (p: { file: string }) => ({
    problem: `${p.file} already exists; import does not overwrite a config.`,
    fix: 'write elsewhere with --out FILE, or pass --force to replace it (a timestamped backup is made first).',
  }));
