/** Messages about the desktop clients' config files that setup, import and doctor read and edit. */
import { kind } from './message.js';
import { shellQuote } from './shell-quote.js';

const q = JSON.stringify;

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
