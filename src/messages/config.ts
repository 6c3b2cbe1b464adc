/** Messages about the warden's own config and what it names: roots, the audit log, databases, programs. */
import { kind } from './message.js';
import { shellQuote } from './shell-quote.js';

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
