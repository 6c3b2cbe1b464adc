import path from 'node:path';
import { isObject } from './document.js';

const PACKAGE = /^@modelcontextprotocol\/server-filesystem(@[^/\s]+)?$/;
const IMAGE = /^(docker\.io\/)?mcp\/filesystem(:[^\s]+)?$/;
const RUNNERS = new Set(['npx', 'pnpx', 'bunx']);
const DLX = new Set(['pnpm', 'yarn']);

/** A folder the reference server was given, as mcp-warden will take it. */
export interface ImportedDir {
  path: string;
  access: 'read' | 'read-write';
  /** As written in the client file. */
  given: string;
}

/** One `@modelcontextprotocol/server-filesystem` entry of a client file. */
export interface FilesystemServer {
  name: string;
  form: 'npx' | 'docker' | 'installed';
  dirs: ImportedDir[];
  /** Things the user should look at: relative paths, file mounts, no folders at all. */
  notes: string[];
}

/** How folder names in an entry are made absolute. */
export interface DirContext {
  home: string;
  cwd: string;
  /** VS Code's `${workspaceFolder}` (the folder holding `.vscode/`), when known. */
  workspaceFolder?: string;
}

const base = (cmd: string) => path.basename(cmd.replace(/\\/g, '/')).toLowerCase().replace(/\.(cmd|exe|bat|ps1)$/, '');

/** The entries of a server table that run the reference filesystem server (npx, docker and installed forms). */
export function findFilesystemServers(servers: Record<string, unknown>, ctx: DirContext): FilesystemServer[] {
  const found: FilesystemServer[] = [];
  for (const [name, entry] of Object.entries(servers)) {
    if (!isObject(entry) || typeof entry.command !== 'string') continue;
    let command = entry.command;
    let args = Array.isArray(entry.args) ? entry.args.filter((a): a is string => typeof a === 'string') : [];
    // `cmd /c npx ...` on Windows.
    if (base(command) === 'cmd' && args[0]?.toLowerCase() === '/c' && args[1]) [command, args] = [args[1], args.slice(2)];
    const server = fromNpx(name, command, args, ctx) ?? fromDocker(name, command, args, ctx) ?? fromInstalled(name, command, args, ctx);
    if (server) {
      if (server.dirs.length === 0 && server.form !== 'docker') {
        server.notes.push(`entry "${name}" names no folder (the reference then asks the client for its roots); add roots to filesystem.roots by hand`);
      }
      found.push(server);
    }
  }
  return found;
}

function fromNpx(name: string, command: string, args: string[], ctx: DirContext): FilesystemServer | undefined {
  const runner = base(command);
  if (!RUNNERS.has(runner) && !(DLX.has(runner) && args.includes('dlx'))) return undefined;
  const at = args.findIndex((a) => PACKAGE.test(a));
  if (at < 0) return undefined;
  return withDirs(name, 'npx', args.slice(at + 1), ctx);
}

function fromInstalled(name: string, command: string, args: string[], ctx: DirContext): FilesystemServer | undefined {
  if (base(command) === 'mcp-server-filesystem') return withDirs(name, 'installed', args, ctx);
  // node /.../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js DIR...
  const at = args.findIndex((a) => /[\\/]server-filesystem[\\/]|[\\/]mcp-server-filesystem$/.test(a.replace(/\\/g, '/')));
  return at >= 0 && base(command).startsWith('node') ? withDirs(name, 'installed', args.slice(at + 1), ctx) : undefined;
}

function withDirs(name: string, form: FilesystemServer['form'], rest: string[], ctx: DirContext): FilesystemServer {
  const notes: string[] = [];
  const dirs = rest.filter((a) => !a.startsWith('-')).map((given) => ({ path: absolute(given, ctx, notes, name), access: 'read-write' as const, given }));
  return { name, form, dirs, notes };
}

function fromDocker(name: string, command: string, args: string[], ctx: DirContext): FilesystemServer | undefined {
  if (!['docker', 'podman'].includes(base(command)) || args[0] !== 'run') return undefined;
  const notes: string[] = [];
  const mounts: Array<{ src: string; ro: boolean }> = [];
  let image: string | undefined;
  for (let i = 1; i < args.length && !image; i++) {
    const a = args[i];
    const value = (flag: string) => (a === flag ? args[++i] : a.startsWith(`${flag}=`) ? a.slice(flag.length + 1) : undefined);
    const mount = value('--mount');
    const volume = value('-v') ?? value('--volume');
    if (mount !== undefined) {
      const fields = Object.fromEntries(mount.split(',').map((kv) => { const [k, ...v] = kv.split('='); return [k, v.join('=') || 'true']; }));
      const src = fields.src ?? fields.source;
      if (src) mounts.push({ src, ro: fields.ro === 'true' || fields.readonly === 'true' || fields.ro === '1' });
    } else if (volume !== undefined) {
      const [src, , opts] = volume.split(':');
      if (src) mounts.push({ src, ro: (opts ?? '').split(',').includes('ro') });
    } else if (!a.startsWith('-')) {
      image = a;
    } else if (['-e', '--env', '--name', '-w', '--workdir', '-u', '--user', '--network', '--platform'].includes(a)) {
      i++; // a flag with a separate value
    }
  }
  if (!image || !IMAGE.test(image)) return undefined;
  const dirs = mounts.map((m) => ({ path: absolute(m.src, ctx, notes, name), access: m.ro ? 'read' as const : 'read-write' as const, given: m.src }));
  if (dirs.length === 0) notes.push(`entry "${name}" mounts no host folder; add roots to filesystem.roots by hand`);
  return { name, form: 'docker', dirs, notes };
}

function absolute(given: string, ctx: DirContext, notes: string[], name: string): string {
  let p = given.replace(/\$\{userHome\}/g, ctx.home);
  if (ctx.workspaceFolder) p = p.replace(/\$\{workspaceFolder\}/g, ctx.workspaceFolder);
  if (p === '~') return ctx.home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(ctx.home, p.slice(2));
  if (/\$\{[^}]+\}/.test(p)) notes.push(`entry "${name}": ${JSON.stringify(given)} holds a variable that only the client knows; correct the root by hand`);
  if (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p)) return p;
  const resolved = path.resolve(ctx.cwd, p);
  notes.push(`entry "${name}": ${JSON.stringify(given)} is relative (the reference resolved it against the client's working folder, which is not known here); it was imported as ${resolved}, so check that`);
  return resolved;
}
