import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellQuote } from '../messages/shell-quote.js';
import type { ClientFile, Scope } from './clients.js';
import type { Host } from './hosts.js';

/** The name of our entry in every client's server table. */
export const ENTRY_NAME = 'mcp-warden';

/** How a client starts the server. */
export interface Launch {
  command: string;
  args: string[];
}

/**
 * `local`: absolute node and bin/mcp-warden.js of the running install (works with a
 * GUI app's short PATH and pins this version); `npx`: `npx -y mcp-warden`.
 */
export type LaunchForm = 'local' | 'npx';

/** The folder of the running install (the one holding package.json and bin/). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** npx runs packages from a cache that it may clear, so an install found there is launched through npx again. */
export function defaultForm(packageRoot = PACKAGE_ROOT): LaunchForm {
  return packageRoot.split(/[\\/]/).includes('_npx') ? 'npx' : 'local';
}

/** The command line for the server with its config given absolutely (clients start servers in an unknown folder). */
export function launchFor(configPath: string, host: Host, form: LaunchForm, install = { node: process.execPath, root: PACKAGE_ROOT }): Launch {
  const tail = ['--config', configPath];
  if (form === 'local') return { command: install.node, args: [path.join(install.root, 'bin', 'mcp-warden.js'), ...tail] };
  // Windows clients start `npx` without a shell, and npx is a .cmd there.
  if (host.platform === 'win32') return { command: 'cmd', args: ['/c', 'npx', '-y', 'mcp-warden', ...tail] };
  return { command: 'npx', args: ['-y', 'mcp-warden', ...tail] };
}

/** The entry object in the client's own dialect. */
export function serverEntry(file: Pick<ClientFile, 'typed'>, launch: Launch): Record<string, unknown> {
  return file.typed ? { type: 'stdio', command: launch.command, args: launch.args } : { command: launch.command, args: launch.args };
}

/** Claude Code's own way to add the same entry. */
export function claudeMcpAdd(scope: Scope, launch: Launch): string {
  return ['claude', 'mcp', 'add', '--scope', scope, ENTRY_NAME, '--', launch.command, ...launch.args].map(shellQuote).join(' ');
}
