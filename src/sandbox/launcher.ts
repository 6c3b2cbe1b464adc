import { spawn } from 'node:child_process';

// The program a pre-warmed sandbox waits in (bash, run with an empty environment and no
// rc files). It reads a count, then that many NUL-terminated fields from stdin; bash
// reads a pipe byte by byte, so it never takes what follows, which is the command's own
// stdin. Then: stdin from /dev/null unless field 0 is "pipe", the folder of field 1, and
// exec of the rest: `env -i -- NAME=VALUE... PWD=folder prlimit ... -- program args`,
// exactly what bubblewrap's --clearenv/--setenv/--chdir and the cold launch give it.
export const LAUNCHER = [
  'IFS= read -r -d "" n || exit 125',
  '[[ $n =~ ^[0-9]{1,5}$ ]] || exit 125',
  'a=()',
  'for ((i = 0; i < n; i++)); do IFS= read -r -d "" x || exit 125; a+=("$x"); done',
  '[ "${a[0]}" = pipe ] || exec 0</dev/null || exit 125',
  'cd -P -- "${a[1]}" || exit 125',
  'exec "${a[@]:2}"',
].join('\n');

// Byte-by-byte reads cost about half a microsecond each: past this a cold launch is as fast.
const MAX_PAYLOAD = 8192;

/** One command as a launcher receives it. */
export interface LaunchFields {
  /** Absolute path of env(1), which clears the environment and sets the command's. */
  envPath: string;
  cwd: string;
  env: Readonly<Record<string, string>>;
  /** prlimit ... -- program args, or program args. */
  argv: readonly string[];
  stdin: boolean;
}

/** The bytes that hand one command to a launcher, or undefined when it must start cold. */
export function launchPayload(f: LaunchFields): Buffer | undefined {
  const names = Object.keys(f.env);
  // env(1) reads NAME=VALUE up to the first word without "="; a name bubblewrap would refuse goes cold too.
  if (names.some((n) => n === '' || n.includes('=')) || f.argv.length === 0 || f.argv[0].includes('=')) return undefined;
  const fields = [f.stdin ? 'pipe' : 'null', f.cwd, f.envPath, '-i', '--',
    ...names.map((n) => `${n}=${f.env[n]}`), `PWD=${f.cwd}`, ...f.argv];
  if (fields.some((x) => x.includes('\0'))) return undefined;
  const bytes = Buffer.from(`${fields.length}\0${fields.join('\0')}\0`);
  return bytes.length <= MAX_PAYLOAD ? bytes : undefined;
}

/** The arguments that start a launcher after bubblewrap's view arguments. */
export function launcherCommand(bash: string): string[] {
  return ['--clearenv', '--', bash, '--noprofile', '--norc', '-c', LAUNCHER];
}

/**
 * Whether the launcher behaves here (bash's read, env -i): one empty sandbox that runs
 * env(1) through it and must print exactly the environment it was given.
 */
export function launcherWorks(bwrap: string, bash: string, envPath: string): Promise<boolean> {
  const payload = launchPayload({ envPath, cwd: '/', env: { A: ' x\ty', B: '' }, argv: [envPath], stdin: false })!;
  const args = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--ro-bind', '/', '/',
    '--proc', '/proc', '--dev', '/dev', ...launcherCommand(bash)];
  return new Promise((resolve) => {
    const child = spawn(bwrap, args, { env: {}, stdio: ['pipe', 'pipe', 'ignore'], timeout: 5000 });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0 && out === 'A= x\ty\nB=\nPWD=/\n'));
    child.stdin.on('error', () => {});
    child.stdin.end(payload);
  });
}
