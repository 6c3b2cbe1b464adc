import type { Config } from '../config/types.js';

// Variables that act as argument, config or code channels (docs/command-hazards.md §6.1 item 6
// and the per-program lists). They never pass, even when `env.inherit` or `env.set` names them.
const FORBIDDEN_PREFIXES = [
  'GIT_', 'LD_', 'DYLD_', 'NPM_CONFIG_', 'YARN_', 'PNPM_', 'PYTHON', 'PERL', 'RUBY', 'BASH_FUNC_',
  'MALLOC_', 'DOCKER_', 'KUBE', 'JAVA_', '_JAVA_', 'JDK_', 'LESS', 'NODE_', 'BUNDLE_', 'CARGO_', 'GEM_', 'GAWK_',
];
const FORBIDDEN = new Set([
  'NODE_OPTIONS', 'NODE_PATH', 'TAR_OPTIONS', 'RIPGREP_CONFIG_PATH', 'ZIPOPT', 'ZIP', 'UNZIP', 'UNZIPOPT',
  'WGETRC', 'CURL_HOME', 'MAKEFLAGS', 'MAKEFILES', 'MFLAGS', 'GNUMAKEFLAGS', 'KUBECONFIG', 'PAGER',
  'EDITOR', 'VISUAL', 'SSH_ASKPASS', 'SSH_AUTH_SOCK', 'GREP_OPTIONS', 'GREP_COLOR', 'BASH_ENV', 'ENV',
  'SHELLOPTS', 'BASHOPTS', 'PS4', 'PROMPT_COMMAND', 'IFS', 'CDPATH', 'GLOBIGNORE', 'GCONV_PATH',
  'HOSTALIASES', 'LOCALDOMAIN', 'RES_OPTIONS', 'GLIBC_TUNABLES', 'TMPDIR', 'XDG_CONFIG_HOME',
  'XDG_CONFIG_DIRS', 'XDG_DATA_HOME', 'PATH', 'SHELL', 'MANPAGER', 'MANOPT', 'BROWSER', 'PROMPT',
  'SED', 'AWKPATH', 'AWKLIBPATH', 'POSIXLY_CORRECT', 'QUOTING_STYLE', 'TIME_STYLE', 'BLOCK_SIZE',
  'TZDIR', 'LOCPATH', 'NLSPATH', 'TERMINFO', 'TERMINFO_DIRS', 'TERMCAP', 'INPUTRC', 'HISTFILE',
  'MAIL', 'MAILPATH', 'OPENSSL_CONF', 'OPENSSL_ENGINES', 'SSL_CERT_FILE', 'SSL_CERT_DIR',
  'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy',
]);
// Identity only, not a channel: a commit needs an author even when the home folder is hidden.
const GIT_IDENTITY = new Set(['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']);

/** Forced for git: no system config, never a prompt, never a pager (docs/command-hazards.md, git "Env"). */
export const GIT_ENV: Readonly<Record<string, string>> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
};

/** Whether a variable may never reach a child. Case-insensitive: `npm_config_x` is `NPM_CONFIG_X`. */
export function isForbiddenEnv(name: string): boolean {
  if (GIT_IDENTITY.has(name)) return false;
  const upper = name.toUpperCase();
  return FORBIDDEN.has(name) || FORBIDDEN.has(upper) || FORBIDDEN_PREFIXES.some((p) => upper.startsWith(p));
}

/** `LC_*` matches `LC_ALL`; any other entry matches its exact name. */
function compileInherit(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
}

/**
 * The environment a child gets: the inherited names that are not channels, then
 * `env.set` (channels dropped too), PATH set to the trusted PATH, and git's own settings.
 */
export function buildEnv(
  commands: Config['commands'],
  trustedPath: readonly string[],
  opts: { git: boolean; from?: NodeJS.ProcessEnv },
): Record<string, string> {
  const from = opts.from ?? process.env;
  const inherit = compileInherit(commands.env.inherit);
  const env: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(from)) {
    if (value !== undefined && inherit(name) && !isForbiddenEnv(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(commands.env.set)) {
    if (!isForbiddenEnv(name)) env[name] = value;
  }
  env.PATH = trustedPath.join(':');
  if (opts.git) Object.assign(env, GIT_ENV);
  return { ...env };
}
