import type { OptionSet } from './command-options.js';

/**
 * What the guard knows about one program (docs/command-hazards.md §6.2). Denied options are
 * refused in every spelling; no config can lift them.
 */
export interface Hazards {
  deny?: Partial<OptionSet>;
  /** git: the only options allowed before the subcommand (all others take values or move the repo). */
  globals?: readonly string[];
  denySubcommands?: readonly string[];
  /** Extra denies that apply only after a given subcommand (git grep's `-O`, format-patch's `-o`). */
  perSubcommand?: Readonly<Record<string, Partial<OptionSet>>>;
  /** Arguments always put first (sed's `--sandbox` turns off its e/r/w commands). */
  inject?: readonly string[];
  /** tar: a first word without a dash is a bundle of short options (`tar cIf prog x.tar`). */
  oldStyleBundle?: boolean;
  /** Options whose value is a file the program writes (path-checked with write intent). */
  writeValues?: Partial<OptionSet>;
  /** Every path operand is written (cp, mv, rm, touch), or only when one of these options is given (sed -i). */
  writeOperands?: true | Partial<OptionSet>;
  /**
   * Reads files it was not named (recursive search, gawk's `@include`): deny globs then hold
   * only inside the sandbox. `text`: any argument containing it (program text) makes it one.
   */
  search?: true | { options?: Partial<OptionSet>; subcommands?: readonly string[]; text?: string };
  /** Sets git's environment (GIT_CONFIG_NOSYSTEM, ...). */
  git?: boolean;
}

const GIT_NETWORK = ['fetch', 'pull', 'push', 'clone', 'ls-remote', 'remote', 'submodule', 'archive-remote'];

const GREP: Hazards = {
  deny: { long: ['dereference-recursive'], short: 'R' },
  search: { options: { short: 'rRd', long: ['recursive', 'directories'] } },
};

// The table. Options that only read a named file are not listed: every path-like value
// goes through the path guard instead (see command-paths.ts).
export const HAZARDS: Readonly<Record<string, Hazards>> = {
  git: {
    git: true,
    globals: [
      '--no-pager', '--no-replace-objects', '--literal-pathspecs', '--glob-pathspecs',
      '--noglob-pathspecs', '--icase-pathspecs', '--no-optional-locks', '--bare', '--version', '--help',
    ],
    denySubcommands: [
      'config', 'bisect', 'rebase', 'difftool', 'mergetool', 'filter-branch', 'send-email', 'instaweb',
      'daemon', 'help', 'credential', 'credential-cache', 'credential-store', 'maintenance', 'worktree',
      'hash-object', 'upload-pack', 'receive-pack', 'upload-archive', 'shell', 'web--browse', 'var',
      'fast-import', 'p4', 'svn', 'cvsimport', 'cvsserver', 'archimport', 'quiltimport', 'request-pull',
      'bugreport', 'init', 'init-db', 'am', 'column', 'filter-repo', ...GIT_NETWORK,
    ],
    deny: {
      long: [
        'upload-pack', 'receive-pack', 'exec', 'output', 'open-files-in-pager', 'extcmd', 'ext-diff',
        'textconv', 'unsafe-paths', 'template', 'reference', 'reference-if-able', 'separate-git-dir',
        'config', 'config-env', 'exec-path', 'git-dir', 'work-tree', 'namespace', 'remote', 'paginate',
      ],
    },
    perSubcommand: {
      grep: { short: 'O' },
      'format-patch': { short: 'o' },
      archive: { short: 'o' },
      apply: { long: ['directory'] },
      commit: { short: 't' },
    },
    search: { subcommands: ['grep'] },
  },
  find: {
    deny: {
      single: [
        'exec', 'execdir', 'ok', 'okdir', 'fprint', 'fprint0', 'fprintf', 'fls', 'delete',
        'L', 'H', 'follow', 'files0-from',
      ],
    },
  },
  rg: {
    // hostname-bin: rg >= 14 runs it to fill in hyperlinks (not in Debian 12's rg 13).
    deny: { long: ['pre', 'pre-glob', 'follow', 'search-zip', 'ignore-file', 'hostname-bin'], short: 'Lz' },
    search: true,
  },
  grep: GREP,
  egrep: GREP,
  fgrep: GREP,
  tar: {
    inject: ['--force-local'],
    oldStyleBundle: true,
    deny: {
      long: [
        'checkpoint-action', 'to-command', 'use-compress-program', 'rsh-command', 'rmt-command',
        'info-script', 'new-volume-script', 'files-from', 'exclude-from', 'absolute-names', 'transform',
        'xform', 'index-file', 'volno-file', 'listed-incremental', 'remove-files',
      ],
      short: 'IFTXPgM',
    },
  },
  sed: {
    inject: ['--sandbox'],
    deny: { long: ['follow-symlinks'] },
    writeOperands: { long: ['in-place'], short: 'i' },
  },
  // --sandbox stops system(), pipes, redirection, getline <file, new ARGV files and @load,
  // but not the options that write a file of their own (-o/-d/-p/-D[file], also as
  // `-W dump-variables=FILE`), nor `@include "FILE"` (any spacing: `@ include`), which
  // reads any file and echoes its first line in the syntax error. So those options are
  // denied, and a program that can hold `@` (inline text with one, or a program file) is
  // a search: it runs only inside the sandbox, where deny globs are masked.
  gawk: {
    inject: ['--sandbox'],
    deny: { long: ['load', 'dump-variables', 'pretty-print', 'profile', 'debug'], short: 'lodpDW' },
    search: { options: { short: 'fEi', long: ['file', 'exec', 'include'] }, text: '@' },
  },
  ls: {},
  cat: {},
  head: {},
  tail: {},
  wc: { deny: { long: ['files0-from'] } },
  sort: {
    deny: { long: ['compress-program', 'files0-from', 'temporary-directory'], short: 'T' },
    writeValues: { long: ['output'], short: 'o' },
  },
  du: { deny: { long: ['files0-from', 'exclude-from', 'dereference'], short: 'LX' } },
  tree: { deny: { long: ['fromfile'], short: 'lo' } },
  diff: { deny: { long: ['from-file', 'to-file', 'exclude-from', 'dereference'], short: 'X' } },
  zip: { deny: { long: ['unzip-command', 'test', 'output-file', 'temp-path', 'move', 'names-stdin'], short: 'TO@bm' } },
  unzip: { deny: { short: ':' }, writeValues: { short: 'd' } },
  uniq: { writeOperands: true },
  cp: { writeOperands: true },
  mv: { writeOperands: true },
  rm: { writeOperands: true },
  rmdir: { writeOperands: true },
  mkdir: { writeOperands: true },
  touch: { writeOperands: true },
  ln: { writeOperands: true },
  chmod: { writeOperands: true },
  tee: { writeOperands: true },
  truncate: { writeOperands: true },
};
