/**
 * The problems a user can hit in the first five minutes, each with its fix. One source
 * of truth: `setup`, `import` and `doctor` print these, and the README's troubleshooting
 * section is generated from the same entries (`src/cli/troubleshooting.ts`).
 */
export interface Message {
  id: string;
  /** What is wrong, with the concrete file, key or program. */
  problem: string;
  /** What to do about it, as a command or an edit. */
  fix: string;
}

/** A message kind: its title for the docs, a sample for the docs, and the builder. */
export interface MessageKind<P> {
  id: string;
  title: string;
  sample: P;
  build(params: P): Message;
}

function kind<P>(id: string, title: string, sample: NoInfer<P>, text: (p: P) => { problem: string; fix: string }): MessageKind<P> {
  return { id, title, sample, build: (p) => ({ id, ...text(p) }) };
}

/** `problem Fix: fix`, the one-line form every verb prints. */
export const render = (m: Message) => `${m.problem} Fix: ${m.fix}`;

const q = JSON.stringify;

export const configNotFound = kind('config-not-found', 'No config file found',
  { looked: ['--config FILE', 'MCP_WARDEN_CONFIG', '/home/me/project/mcp-warden.json', '/home/me/.config/mcp-warden/config.json'] },
  (p: { looked: string[] }) => ({
    problem: `No config file found. Looked in order at: ${p.looked.join(', ')}.`,
    fix: 'run `mcp-warden init` in your project folder (writes ./mcp-warden.json with that folder as the one root), or pass --config FILE.',
  }));

export const configMissing = kind('config-missing', 'The named config file does not exist',
  { file: '/home/me/project/mcp-warden.jsn', from: '--config' },
  (p: { file: string; from: string }) => ({
    problem: `The config file ${p.file} (named by ${p.from}) does not exist.`,
    fix: `check the spelling of ${p.from}, or create the file with \`mcp-warden init\` in the folder it should cover.`,
  }));

export const configInvalid = kind('config-invalid', 'The config is invalid',
  { file: '/home/me/project/mcp-warden.json', issues: ['filesystem.roots[0].access: "rw" is not one of read, read-write'] },
  (p: { file: string; issues: string[] }) => ({
    problem: `The config ${p.file} is invalid: ${p.issues.map((i) => i.trim()).join('; ')}.`,
    fix: `edit ${p.file} at the key paths named (\`mcp-warden schema\` prints every allowed key), then run \`mcp-warden check\`.`,
  }));

export const nodeTooOld = kind('node-too-old', 'Node.js is too old', { version: '18.19.0' },
  (p: { version: string }) => ({
    problem: `Node.js ${p.version} runs mcp-warden, which needs Node 20 or newer.`,
    fix: 'install Node 20 or newer (https://nodejs.org, or `nvm install 20`), then run setup again so the client entry names the new node.',
  }));

export const rootMissing = kind('root-missing', 'A root does not exist',
  { key: 'filesystem.roots[0].path', path: '/home/me/projcet', configFile: '/home/me/project/mcp-warden.json' },
  (p: { key: string; path: string; configFile?: string }) => ({
    problem: `${p.key}: the folder ${p.path} does not exist, so the file tools skip this root.`,
    fix: `correct the path in ${p.configFile ?? 'the config'} or create the folder (mkdir -p ${shellQuote(p.path)}).`,
  }));

export const rootNotDirectory = kind('root-not-directory', 'A root is a file, not a folder',
  { key: 'filesystem.roots[0].path', path: '/home/me/project/README.md', configFile: '/home/me/project/mcp-warden.json' },
  (p: { key: string; path: string; configFile?: string }) => ({
    problem: `${p.key}: ${p.path} is not a folder; a root must be a folder.`,
    fix: `name the folder that contains it in ${p.configFile ?? 'the config'} and add a deny glob for what else it holds.`,
  }));

export const relativePath = kind('relative-path', 'A relative path resolved somewhere surprising',
  { key: 'filesystem.roots[0].path', given: 'src', resolved: '/home/me/.config/mcp-warden/src', base: '/home/me/.config/mcp-warden' },
  (p: { key: string; given: string; resolved: string; base: string }) => ({
    problem: `${p.key}: ${q(p.given)} is relative, so it resolved against the config file's folder ${p.base} to ${p.resolved}, not against the folder you ran from.`,
    fix: `write an absolute path (or one starting with ~/) for ${p.key}.`,
  }));

export const fileInsideRoot = kind('file-inside-root', 'The config or audit file lies inside a writable root',
  { what: 'audit log', file: '/home/me/project/audit.db', root: '/home/me/project' },
  (p: { what: string; file: string; root: string }) => ({
    problem: `The ${p.what} ${p.file} lies inside the writable root ${p.root}; the file tools never touch it, but a command run there could.`,
    fix: `move it outside ${p.root} (${p.what === 'audit log' ? 'set audit.path, or leave it out to use your user state folder' : 'e.g. to ~/.config/mcp-warden/config.json and pass --config'}).`,
  }));

export const auditNotWritable = kind('audit-not-writable', 'The audit log cannot be written',
  { file: '/var/log/mcp-warden/audit.db', reason: '/var/log/mcp-warden is not writable by you', configFile: '/home/me/project/mcp-warden.json' },
  (p: { file: string; reason: string; configFile?: string }) => ({
    problem: `The audit log ${p.file} cannot be written (${p.reason}); the server refuses every tool call it cannot record.`,
    fix: `set audit.path in ${p.configFile ?? 'the config'} to a file in a folder you can write, or remove audit.path to use your user state folder.`,
  }));

export const auditTampered = kind('audit-tampered', 'The audit log\'s hash chain is broken',
  { file: '/home/me/.local/state/mcp-warden/audit.db', id: 42, problem: 'its content does not match its hash (the row was edited)' },
  (p: { file: string; id: number; problem: string }) => ({
    problem: `The audit log ${p.file} was altered: row ${p.id}: ${p.problem}.`,
    fix: `keep the file as evidence (\`mcp-warden audit verify --audit ${shellQuote(p.file)}\` shows the same), move it away and start a new log (set audit.path or restart the server).`,
  }));

export const auditUnreadable = kind('audit-unreadable', 'The audit log cannot be read',
  { file: '/home/me/.local/state/mcp-warden/audit.db', reason: 'file is not a database' },
  (p: { file: string; reason: string }) => ({
    problem: `The audit log ${p.file} cannot be read as an audit database (${p.reason}).`,
    fix: 'move the file away (keep it if it matters) so the server starts a new log, or point audit.path at the right file.',
  }));

export const databaseMissing = kind('database-missing', 'A database file is missing',
  { name: 'example', path: '/home/me/project/data/example.db' },
  (p: { name: string; path: string }) => ({
    problem: `databases.${p.name}.path: there is no file at ${p.path}; mcp-warden never creates a database, so the SQL tools refuse "${p.name}".`,
    fix: `correct databases.${p.name}.path (relative paths resolve against the config's folder) or create the database, e.g. sqlite3 ${shellQuote(p.path)} < schema.sql.`,
  }));

export const databaseUnopenable = kind('database-unopenable', 'A database does not open with its access mode',
  { name: 'example', path: '/home/me/project/data/example.db', access: 'read-write', reason: 'attempt to write a readonly database' },
  (p: { name: string; path: string; access: string; reason: string }) => ({
    problem: `databases.${p.name}: ${p.path} does not open ${p.access === 'read' ? 'read-only' : 'read-write'} (${p.reason}).`,
    fix: p.access === 'read'
      ? `check that ${p.path} is a SQLite database you can read.`
      : `make ${p.path} and its folder writable by you (SQLite writes a -wal file beside it), or set databases.${p.name}.access to "read".`,
  }));

export const programNotFound = kind('program-not-found', 'An allowlisted program is not found',
  { name: 'rg', reason: 'not found in the trusted PATH (/usr/local/bin:/usr/bin:/bin)' },
  (p: { name: string; reason: string }) => ({
    problem: `commands.allow.${p.name}: ${p.reason}; run_command refuses it.`,
    fix: `install ${p.name} into a system folder (e.g. sudo apt install ${p.name}), or remove it from commands.allow; mcp-warden never searches your own PATH, so a program in ~/bin or a project folder is not used.`,
  }));

export const sandboxMissing = kind('sandbox-missing', 'bubblewrap is missing under `sandbox: required`',
  { mode: 'required', searched: '/usr/local/bin:/usr/bin:/bin' },
  (p: { mode: string; searched: string }) => ({
    problem: `bubblewrap (bwrap) is not installed (looked in ${p.searched}); with commands.sandbox "${p.mode}" ${p.mode === 'required' ? 'run_command refuses every command' : 'commands run without a sandbox'}.`,
    fix: 'install bubblewrap (sudo apt install bubblewrap, sudo dnf install bubblewrap, sudo pacman -S bubblewrap); or set commands.sandbox to "auto" to run commands unsandboxed with a warning.',
  }));

export const sandboxBlocked = kind('sandbox-blocked', 'bubblewrap cannot create its namespaces',
  { mode: 'required', reason: 'bwrap: setting up uid map: Permission denied' },
  (p: { mode: string; reason: string }) => ({
    problem: `bubblewrap is installed but cannot start a sandbox (${p.reason}); with commands.sandbox "${p.mode}" ${p.mode === 'required' ? 'run_command refuses every command' : 'commands run without a sandbox'}.`,
    fix: 'allow unprivileged user namespaces: on Ubuntu 23.10+ sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (or an AppArmor profile for bwrap), elsewhere sudo sysctl -w kernel.unprivileged_userns_clone=1 or user.max_user_namespaces=15000; in a container, start it with user namespaces allowed.',
  }));

export const sandboxUnsupported = kind('sandbox-unsupported', 'No sandbox on this system',
  { platform: 'darwin', mode: 'required' },
  (p: { platform: string; mode: string }) => ({
    problem: `There is no command sandbox for ${p.platform}; with commands.sandbox "${p.mode}" ${p.mode === 'required' ? 'run_command refuses every command' : 'commands run without a sandbox'}.`,
    fix: 'run mcp-warden on Linux with bubblewrap (on Windows: inside WSL), or set commands.sandbox to "auto" knowing that commands then run unconfined.',
  }));

export const sandboxExecUnavailable = kind('sandbox-exec-unavailable', 'sandbox-exec does not work (macOS)',
  { mode: 'required', reason: 'sandbox-exec was not found at /usr/bin/sandbox-exec' },
  (p: { mode: string; reason: string }) => ({
    problem: `macOS's sandbox cannot start (${p.reason}); with commands.sandbox "${p.mode}" ${p.mode === 'required' ? 'run_command refuses every command' : 'commands run without a sandbox'}.`,
    fix: "check that /usr/bin/sandbox-exec exists and runs: sandbox-exec -p '(version 1)(allow default)' /usr/bin/true (a managed Mac may forbid it); or set commands.sandbox to \"auto\" knowing that commands then run unconfined.",
  }));

export const clientFileMalformed = kind('client-file-malformed', 'A client config file is not valid JSON',
  { client: 'Claude Desktop', file: '/home/me/.config/Claude/claude_desktop_config.json', reason: 'line 4, column 3: a property name is missing' },
  (p: { client: string; file: string; reason: string }) => ({
    problem: `${p.client}'s config ${p.file} is not valid JSON (${p.reason}); it was left unchanged.`,
    fix: `repair the file at that line (or restore a .bak copy beside it), then run the command again.`,
  }));

export const clientFileUnreadable = kind('client-file-unreadable', 'A client config file cannot be read or written',
  { client: 'Claude Code', file: '/home/me/.claude.json', reason: 'EACCES: permission denied' },
  (p: { client: string; file: string; reason: string }) => ({
    problem: `${p.client}'s config ${p.file} cannot be read or written (${p.reason}); it was left as it was.`,
    fix: `make the file and its folder readable and writable by you (ls -l ${shellQuote(p.file)}), then run the command again.`,
  }));

export const clientFileChanged = kind('client-file-changed', 'A client saved its config while setup was editing it',
  { client: 'Claude Code', file: '/home/me/.claude.json' },
  (p: { client: string; file: string }) => ({
    problem: `${p.file} changed while mcp-warden was editing it (is ${p.client} saving it?); nothing was written.`,
    fix: `run the command again (or quit ${p.client} first).`,
  }));

export const clientFileEmpty = kind('client-file-empty', 'A client config file is empty',
  { client: 'Cursor', file: '/home/me/.cursor/mcp.json' },
  (p: { client: string; file: string }) => ({
    problem: `${p.client}'s config ${p.file} is empty, which is not valid JSON (a client that crashed while saving can leave it so); it was left unchanged.`,
    fix: `write {} into it (or delete it: setup creates a missing file), then run the command again.`,
  }));

export const clientFileShape = kind('client-file-shape', 'A client config file has an unexpected shape',
  { client: 'VS Code', file: '/home/me/project/.vscode/mcp.json', reason: '"servers" is a list, expected an object' },
  (p: { client: string; file: string; reason: string }) => ({
    problem: `${p.client}'s config ${p.file} has an unexpected shape (${p.reason}); it was left unchanged.`,
    fix: 'correct the file by hand so the servers are an object keyed by name, then run the command again.',
  }));

export const clientEntryExists = kind('client-entry-exists', 'The client already has a different mcp-warden entry',
  { client: 'Claude Desktop', file: '/home/me/.config/Claude/claude_desktop_config.json', command: 'mcp-warden setup --client claude-desktop --write' },
  (p: { client: string; file: string; command: string }) => ({
    problem: `${p.client}'s config ${p.file} already has an "mcp-warden" entry that differs from the one setup would write; it was left unchanged.`,
    fix: `run \`${p.command} --force\` to replace it (a timestamped backup is made first), or edit the entry by hand.`,
  }));

export const clientCommandMissing = kind('client-command-missing', 'A client entry\'s command does not resolve',
  { client: 'Claude Desktop', file: '/home/me/Library/Application Support/Claude/claude_desktop_config.json', command: 'npx', setup: 'mcp-warden setup --client claude-desktop --write --force' },
  (p: { client: string; file: string; command: string; setup: string }) => ({
    problem: `${p.client}'s entry in ${p.file} runs ${q(p.command)}, which is not found${p.command.includes('/') || p.command.includes('\\') ? '' : ' on the PATH (desktop apps often start with a shorter PATH than your shell)'}.`,
    fix: `run \`${p.setup}\` to write absolute paths of node and mcp-warden into the entry.`,
  }));

export const clientTargetMissing = kind('client-target-missing', 'A client entry points at a file that is gone',
  { client: 'Cursor', file: '/home/me/.cursor/mcp.json', target: '/home/me/old-clone/bin/mcp-warden.js', setup: 'mcp-warden setup --client cursor --write --force' },
  (p: { client: string; file: string; target: string; setup: string }) => ({
    problem: `${p.client}'s entry in ${p.file} names ${p.target}, which does not exist (moved or deleted?).`,
    fix: `run \`${p.setup}\` from the install you use now.`,
  }));

export const clientOtherConfig = kind('client-other-config', 'A client starts mcp-warden with another config than the one checked',
  { client: 'Claude Desktop (user)', config: '/home/me/.config/mcp-warden/config.json', checked: '/home/me/project/mcp-warden.json' },
  (p: { client: string; config: string; checked: string }) => ({
    problem: `${p.client} starts mcp-warden with --config ${p.config}, but doctor checked ${p.checked}.`,
    fix: `run \`mcp-warden doctor --config ${shellQuote(p.config)}\` to check the config that client uses.`,
  }));

export const clientNoEntry = kind('client-no-entry', 'No client is set up to start mcp-warden', { present: 2, known: 7 },
  (p: { present: number; known: number }) => ({
    problem: `No client config points at mcp-warden (${p.present} of the ${p.known} known client config files exist here).`,
    fix: 'run `mcp-warden setup --client claude-desktop|claude-code|vscode|cursor --write` (or `mcp-warden import --write` to replace server-filesystem).',
  }));

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

/** Every kind, in the order the troubleshooting section lists them. */
export const MESSAGE_KINDS: ReadonlyArray<MessageKind<any>> = [
  configNotFound, configMissing, configInvalid, nodeTooOld, rootMissing, rootNotDirectory, relativePath, fileInsideRoot,
  auditNotWritable, auditTampered, auditUnreadable, databaseMissing, databaseUnopenable, programNotFound,
  sandboxMissing, sandboxBlocked, sandboxUnsupported, sandboxExecUnavailable, clientFileMalformed, clientFileUnreadable, clientFileChanged, clientFileEmpty, clientFileShape,
  clientEntryExists, clientCommandMissing, clientTargetMissing, clientOtherConfig, clientNoEntry, importNothing, importNothingAnywhere, outputExists,
];

/** POSIX shell quoting for the commands we print. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
