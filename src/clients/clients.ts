import { appSettingsDir, pathFor, type Host } from './hosts.js';

export const CLIENT_IDS = ['claude-desktop', 'claude-code', 'vscode', 'cursor'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];
export type Scope = 'user' | 'project';

/** A client's config file: where it is, under which key servers live, and its dialect. */
export interface ClientFile {
  client: ClientId;
  label: string;
  scope: Scope;
  file: string;
  /** `mcpServers` for most clients, `servers` for VS Code. */
  key: string;
  /** VS Code reads JSON with comments and trailing commas; the others read plain JSON. */
  jsonc: boolean;
  /** Whether entries carry `"type": "stdio"`. */
  typed: boolean;
}

interface ClientSpec {
  label: string;
  key: string;
  jsonc: boolean;
  typed: boolean;
  defaultScope: Scope;
  files: Partial<Record<Scope, (host: Host) => string>>;
}

// Sources: each client's MCP documentation (Claude Desktop's "Developer → Edit Config",
// Claude Code's `claude mcp add --scope user|project`, VS Code's mcp.json, Cursor's mcp.json).
const SPECS: Record<ClientId, ClientSpec> = {
  'claude-desktop': {
    label: 'Claude Desktop', key: 'mcpServers', jsonc: false, typed: false, defaultScope: 'user',
    files: { user: (h) => pathFor(h).join(appSettingsDir(h), 'Claude', 'claude_desktop_config.json') },
  },
  'claude-code': {
    label: 'Claude Code', key: 'mcpServers', jsonc: false, typed: true, defaultScope: 'user',
    files: {
      user: (h) => pathFor(h).join(h.home, '.claude.json'),
      project: (h) => pathFor(h).join(h.cwd, '.mcp.json'),
    },
  },
  vscode: {
    label: 'VS Code', key: 'servers', jsonc: true, typed: true, defaultScope: 'project',
    files: {
      user: (h) => pathFor(h).join(appSettingsDir(h), 'Code', 'User', 'mcp.json'),
      project: (h) => pathFor(h).join(h.cwd, '.vscode', 'mcp.json'),
    },
  },
  cursor: {
    label: 'Cursor', key: 'mcpServers', jsonc: false, typed: false, defaultScope: 'user',
    files: {
      user: (h) => pathFor(h).join(h.home, '.cursor', 'mcp.json'),
      project: (h) => pathFor(h).join(h.cwd, '.cursor', 'mcp.json'),
    },
  },
};

export const isClientId = (s: string): s is ClientId => (CLIENT_IDS as readonly string[]).includes(s);
export const clientLabel = (id: ClientId) => SPECS[id].label;
export const clientScopes = (id: ClientId) => Object.keys(SPECS[id].files) as Scope[];

/**
 * The config file of a client on this host. `file` overrides the location (a client
 * installed somewhere unusual); the dialect stays the client's.
 */
export function clientFile(id: ClientId, host: Host, options: { scope?: Scope; file?: string } = {}): ClientFile {
  const spec = SPECS[id];
  const scope = options.scope ?? spec.defaultScope;
  const locate = spec.files[scope];
  if (!locate) throw new Error(`${spec.label} has no ${scope} config file; use --scope ${clientScopes(id).join(' or ')}.`);
  const file = options.file ? pathFor(host).resolve(host.cwd, options.file) : locate(host);
  return { client: id, label: spec.label, scope, file, key: spec.key, jsonc: spec.jsonc, typed: spec.typed };
}

/** Every client file this host may have, each client in each of its scopes. */
export function allClientFiles(host: Host): ClientFile[] {
  return CLIENT_IDS.flatMap((id) => clientScopes(id).map((scope) => clientFile(id, host, { scope })));
}
