import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/types.js';
import { isInside } from './path-match.js';
import { HAZARDS, type Hazards } from './command-hazards.js';

type Rule = Config['commands']['allow'][string];

// System folders only. The server's own PATH is never read: a `.` or a folder inside a
// root there would let an agent plant an `ls` that the next call runs.
const SYSTEM_DIRS: Readonly<Record<string, readonly string[]>> = {
  darwin: ['/opt/homebrew/bin', '/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'],
  default: ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'],
};

// Interpreters and runners: whatever they get can run anything (docs/command-hazards.md,
// "Command runners"), so their entries must say `dangerous: true`. Plain awk/mawk is one
// (system(), pipes); gawk is not, because the guard always gives it `--sandbox`. `awk` is
// one by name whichever awk it resolves to: it is a Debian alternative that installing
// gawk flips, and the link (not the real file) is executed. As gawk it also gets gawk's
// rules and `--sandbox`; should it flip to mawk later, mawk rejects `--sandbox` and exits.
const INTERPRETERS = new Set([
  'sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'ash', 'busybox', 'toybox',
  'node', 'nodejs', 'deno', 'bun', 'tsx', 'ts-node', 'npm', 'npx', 'pnpm', 'pnpx', 'yarn', 'corepack',
  'python', 'pip', 'pipx', 'uv', 'uvx', 'poetry', 'perl', 'ruby', 'irb', 'gem', 'bundle', 'rake', 'php',
  'lua', 'luajit', 'tclsh', 'wish', 'expect', 'r', 'rscript', 'java', 'jshell', 'go', 'cargo', 'rustc',
  'gcc', 'cc', 'clang', 'g++', 'c++', 'make', 'gmake', 'cmake', 'ninja',
  'awk', 'mawk', 'nawk', 'original-awk',
  'env', 'xargs', 'timeout', 'nice', 'nohup', 'stdbuf', 'setsid', 'time', 'watch', 'flock', 'ionice',
  'chrt', 'taskset', 'sudo', 'doas', 'su', 'runuser', 'chroot', 'unshare', 'nsenter', 'script',
  'strace', 'ltrace', 'gdb', 'lldb', 'valgrind', 'parallel', 'prlimit', 'bwrap', 'sandbox-exec',
  'less', 'more', 'most', 'man', 'vi', 'vim', 'nvim', 'view', 'ex', 'ed', 'emacs', 'nano',
  'ssh', 'scp', 'sftp', 'rsync', 'curl', 'wget', 'docker', 'podman', 'kubectl', 'socat', 'nc', 'ncat',
  'telnet', 'ftp', 'osascript', 'open', 'xdg-open', 'git-shell',
]);

/** A program's identity for the hazard table: `python3.11` → `python`, `gcc-12` → `gcc`. */
export function identityOf(file: string): string {
  return path.basename(file).toLowerCase().replace(/[-.]?\d+(\.\d+)*$/, '');
}

/** Whether a program (by name or real file) is an interpreter or runner. */
export function isInterpreter(name: string): boolean {
  return INTERPRETERS.has(identityOf(name));
}

/** The system folders that exist and lie inside no root, in lookup order. */
export function trustedPath(roots: readonly string[], candidates?: readonly string[]): string[] {
  const dirs = candidates ?? SYSTEM_DIRS[process.platform] ?? SYSTEM_DIRS.default;
  const realRoots = roots.map(realOrSelf);
  const out: string[] = [];
  for (const dir of dirs) {
    if (!path.isAbsolute(dir)) continue;
    const real = realDirOf(dir);
    if (!real || realRoots.some((r) => isInside(r, real) || isInside(real, r))) continue;
    if (!out.includes(dir)) out.push(dir);
  }
  return out;
}

/** An allowlisted program, resolved once at start-up. */
export interface ResolvedProgram {
  name: string;
  /** Absolute path that is executed (kept as found so multi-call binaries see their name). */
  path: string;
  realPath: string;
  rule: Rule;
  /** Hazard entries for the name and, when it differs, for the real file (`awk` → gawk). */
  hazards: Hazards[];
  interpreter: boolean;
}

export interface Resolution {
  trustedPath: string[];
  programs: Map<string, ResolvedProgram>;
  /** Programs that are not offered, with the reason (`check` and `doctor` print these). */
  unresolved: Array<{ name: string; reason: string; realPath?: string }>;
}

/** Resolves every allowlisted program from the trusted PATH. */
export function resolvePrograms(config: Config, candidates?: readonly string[]): Resolution {
  const roots = config.filesystem.roots.map((r) => r.path);
  const dirs = trustedPath(roots, candidates);
  const programs = new Map<string, ResolvedProgram>();
  const unresolved: Resolution['unresolved'] = [];
  for (const [name, rule] of Object.entries(config.commands.allow)) {
    const found = dirs.map((d) => path.join(d, name)).find(isExecutableFile);
    if (!found) {
      unresolved.push({ name, reason: `not found in the trusted PATH (${dirs.join(':')})` });
      continue;
    }
    const realPath = fs.realpathSync.native(found);
    if (roots.map(realOrSelf).some((r) => isInside(r, realPath))) {
      unresolved.push({ name, reason: `${found} resolves to ${realPath}, inside a root the agent can write to` });
      continue;
    }
    const real = identityOf(realPath);
    const hazards = [HAZARDS[identityOf(name)], real !== identityOf(name) ? HAZARDS[real] : undefined]
      .filter((h): h is Hazards => h !== undefined);
    const interpreter = isInterpreter(name) || isInterpreter(realPath);
    if (interpreter && !rule.dangerous) {
      unresolved.push({ name, realPath, reason: `${realPath} is an interpreter or runner; mark it "dangerous": true to allow it` });
      continue;
    }
    programs.set(name, { name, path: found, realPath, rule, hazards, interpreter });
  }
  return { trustedPath: dirs, programs, unresolved };
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function realDirOf(dir: string): string | undefined {
  try {
    const real = fs.realpathSync.native(dir);
    return fs.statSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}
