import os from 'node:os';
import path from 'node:path';

/** PEM text rather than a path to a PEM file (`auth.jwt.publicKey` may be either; only a path is resolved). */
export const isPemText = (value: string) => value.trimStart().startsWith('-----BEGIN ');

/** Expands a leading `~` and resolves a relative path against the config's folder. */
export function resolveConfigPath(value: string, baseDir: string): string {
  if (value === '~') return os.homedir();
  if (value.startsWith('~/')) return path.join(os.homedir(), value.slice(2));
  return path.resolve(baseDir, value);
}

/** The per-user config folder: XDG on Linux, Application Support on macOS, APPDATA on Windows. */
export function userConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'mcp-warden', 'config.json');
  }
  if (process.platform === 'darwin') {
    return path.join(os.homedir(), 'Library', 'Application Support', 'mcp-warden', 'config.json');
  }
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'mcp-warden', 'config.json');
}

/** Where the audit log goes when the config names none: the user's state folder, outside any workspace. */
export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') {
    return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'mcp-warden', 'audit.db');
  }
  if (process.platform === 'darwin') {
    return path.join(os.homedir(), 'Library', 'Application Support', 'mcp-warden', 'audit.db');
  }
  return path.join(env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state'), 'mcp-warden', 'audit.db');
}
