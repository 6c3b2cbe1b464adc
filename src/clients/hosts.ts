import os from 'node:os';
import path from 'node:path';

/**
 * The machine as the client-config code sees it. Passed in, never read from globals
 * deep inside, so tests point every client file at a temp folder.
 */
export interface Host {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The running process's host; `home` honours HOME (POSIX) and USERPROFILE (Windows) as os.homedir() does. */
export function currentHost(env: NodeJS.ProcessEnv = process.env): Host {
  return { platform: process.platform, home: os.homedir(), env, cwd: process.cwd() };
}

/** Path functions for the host's platform, so a Windows host is computed right on any machine. */
export const pathFor = (host: Pick<Host, 'platform'>) => (host.platform === 'win32' ? path.win32 : path.posix);

/** `%APPDATA%` on Windows. */
export function appData(host: Host): string {
  return host.env.APPDATA || pathFor(host).join(host.home, 'AppData', 'Roaming');
}

/** `$XDG_CONFIG_HOME`, else `~/.config`. */
export function xdgConfig(host: Host): string {
  const xdg = host.env.XDG_CONFIG_HOME;
  return xdg && path.isAbsolute(xdg) ? xdg : pathFor(host).join(host.home, '.config');
}

/** Where desktop apps keep per-user settings: Application Support, %APPDATA% or XDG. */
export function appSettingsDir(host: Host): string {
  if (host.platform === 'darwin') return path.posix.join(host.home, 'Library', 'Application Support');
  if (host.platform === 'win32') return appData(host);
  return xdgConfig(host);
}
