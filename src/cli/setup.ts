import { CLIENT_IDS, clientFile, isClientId, type ClientFile, type Scope } from '../clients/clients.js';
import { ClientFileError } from '../clients/document.js';
import { ENTRY_NAME, claudeMcpAdd, defaultForm, launchFor, serverEntry, type Launch, type LaunchForm } from '../clients/entry.js';
import { commitInstall, prepareInstall } from '../clients/install.js';
import { processIO, type VerbIO } from '../clients/io.js';
import { loadWardenConfig } from '../clients/warden-config.js';
import { render } from '../messages/message.js';
import { shellQuote } from '../messages/shell-quote.js';
import { parse, configOption, out, err, UsageError } from './args.js';

export const SETUP_OPTIONS = {
  ...configOption,
  client: { type: 'string' },
  scope: { type: 'string' },
  file: { type: 'string' },
  npx: { type: 'boolean' },
  local: { type: 'boolean' },
  write: { type: 'boolean' },
  force: { type: 'boolean' },
} as const;

/** The client file a `--client/--scope/--file` triple names. */
export function targetFromFlags(values: { client?: string; scope?: string; file?: string }, io: VerbIO, verb: string): ClientFile {
  if (!values.client || !isClientId(values.client)) {
    throw new UsageError(`${verb} needs --client ${CLIENT_IDS.join('|')}${values.client ? ` (got "${values.client}")` : ''}.`);
  }
  if (values.scope !== undefined && values.scope !== 'user' && values.scope !== 'project') {
    throw new UsageError(`--scope must be user or project, got "${values.scope}".`);
  }
  try {
    return clientFile(values.client, io.host, { scope: values.scope as Scope | undefined, file: values.file });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--npx` / `--local`, else the form that suits the running install. */
export function formFromFlags(values: { npx?: boolean; local?: boolean }, io: VerbIO): LaunchForm {
  if (values.npx && values.local) throw new UsageError('--npx and --local exclude each other.');
  return values.npx ? 'npx' : values.local ? 'local' : defaultForm(io.install?.root);
}

/** The command line a user would type to repeat this setup, for fixes that add a flag. */
export function setupCommandLine(target: ClientFile, extra: string[] = []): string {
  return ['mcp-warden setup --client', target.client, `--scope ${target.scope}`, ...extra, '--write'].join(' ');
}

/** Prints or writes the client entry; the result lines say what changed. */
export function writeEntry(target: ClientFile, launch: Launch, io: VerbIO, options: { force?: boolean; remove?: string[]; command: string }): number {
  const entry = serverEntry(target, launch);
  let prepared;
  let result;
  try {
    prepared = prepareInstall(target, entry, options);
    result = commitInstall(prepared, io.now());
  } catch (error) {
    if (!(error instanceof ClientFileError)) throw error;
    io.err(render(error.detail));
    return 1;
  }
  const { backup, written } = result;
  const { status, removed } = prepared.plan;
  if (!written) {
    io.out(`${target.file} already has this exact "${ENTRY_NAME}" entry; nothing was written.`);
    return 0;
  }
  const what = status === 'added' ? `Added the "${ENTRY_NAME}" entry to` : status === 'replaced' ? `Replaced the "${ENTRY_NAME}" entry in` : 'Updated';
  const dropped = removed.length ? `, removed ${removed.map((n) => `"${n}"`).join(', ')}` : '';
  const where = prepared.doc.exists ? `backup of the previous file: ${backup}` : 'the file was created';
  io.out(`${what} ${target.file}${dropped} (${where}).`);
  io.out(prepared.changes.map((l) => `  ${l}`).join('\n'));
  io.out(`Restart ${target.label} (or reload its MCP servers) to start mcp-warden; \`mcp-warden doctor\` checks the entry.`);
  return 0;
}

function printEntry(target: ClientFile, launch: Launch, io: VerbIO): void {
  const entry = JSON.stringify({ [ENTRY_NAME]: serverEntry(target, launch) }, null, 2).split('\n').slice(1, -1).join('\n');
  io.out(`${target.label} (${target.scope} scope) reads ${target.file}.`);
  io.out(`Add this under "${target.key}" there, or run this command again with --write to merge it in (with a backup):\n\n${entry}\n`);
  if (target.client === 'claude-code') io.out(`Or let Claude Code add it:\n  ${claudeMcpAdd(target.scope, launch)}\n`);
  io.out(`Then restart ${target.label}.`);
}

export async function setupCommand(argv: string[], io: VerbIO = processIO({ out, err })): Promise<number> {
  const { values } = parse(argv, SETUP_OPTIONS);
  const target = targetFromFlags(values, io, 'setup');
  const form = formFromFlags(values, io);
  const loaded = loadWardenConfig(values.config, io.host);
  if (!loaded.ok) {
    io.err(render(loaded.message));
    return 2;
  }
  const launch = launchFor(loaded.config.configPath ?? loaded.located.path, io.host, form, io.install);
  if (!values.write) {
    printEntry(target, launch, io);
    return 0;
  }
  const repeat = [
    ...(values.file ? [`--file ${shellQuote(values.file)}`] : []),
    ...(values.config ? [`--config ${shellQuote(values.config)}`] : []),
    ...(values.npx ? ['--npx'] : values.local ? ['--local'] : []),
  ];
  return writeEntry(target, launch, io, { force: values.force, command: setupCommandLine(target, repeat) });
}
