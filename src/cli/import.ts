import fs from 'node:fs';
import path from 'node:path';
import { allClientFiles, type ClientFile } from '../clients/clients.js';
import { ClientFileError, readClientFile, type ClientDoc } from '../clients/document.js';
import { launchFor, serverEntry } from '../clients/entry.js';
import { findFilesystemServers, type FilesystemServer } from '../clients/filesystem-entries.js';
import { WHAT_WARDEN_ADDS, folderRoots, importedConfig, mergeRoots } from '../clients/import-config.js';
import { sameJson } from '../clients/edit.js';
import { commitInstall, prepareInstall, type PreparedInstall } from '../clients/install.js';
import { processIO, type VerbIO } from '../clients/io.js';
import { backup } from '../clients/write.js';
import { parseConfig } from '../startup.js';
import { ConfigError } from '../config/issues.js';
import { userConfigFile } from '../config/paths.js';
import { importNothing, importNothingAnywhere, outputExists } from '../messages/import.js';
import { render } from '../messages/message.js';
import { shellQuote } from '../messages/shell-quote.js';
import { parse, out, err, UsageError } from './args.js';
import { SETUP_OPTIONS, formFromFlags, setupCommandLine, targetFromFlags } from './setup.js';

const { config: _config, ...shared } = SETUP_OPTIONS;
const IMPORT_OPTIONS = { ...shared, from: { type: 'string' }, out: { type: 'string' } } as const;

interface Source { doc: ClientDoc; servers: FilesystemServer[] }

function scan(target: ClientFile, io: VerbIO): Source {
  const doc = readClientFile(target);
  const workspaceFolder = path.basename(path.dirname(target.file)) === '.vscode' ? path.dirname(path.dirname(target.file)) : undefined;
  return { doc, servers: findFilesystemServers(doc.servers, { home: io.host.home, cwd: io.host.cwd, workspaceFolder }) };
}

/** The one client file to import from: named by flags, else the only one that runs server-filesystem. */
function pickSource(values: { client?: string; scope?: string; from?: string }, io: VerbIO): Source {
  if (values.client || values.from) {
    if (!values.client) throw new UsageError('--from FILE needs --client too (it says how the file is written).');
    const source = scan(targetFromFlags({ ...values, file: values.from }, io, 'import'), io);
    if (source.servers.length === 0) {
      throw new ClientFileError(importNothing.build({ file: source.doc.target.file, servers: Object.keys(source.doc.servers) }));
    }
    return source;
  }
  const candidates: Source[] = [];
  for (const target of allClientFiles(io.host).filter((t) => fs.existsSync(t.file))) {
    try {
      const source = scan(target, io);
      if (source.servers.length) candidates.push(source);
    } catch (error) {
      if (!(error instanceof ClientFileError)) throw error;
      io.err(`skipped: ${render(error.detail)}`);
    }
  }
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    const searched = allClientFiles(io.host).map((t) => t.file);
    throw new ClientFileError(importNothingAnywhere.build({ searched }));
  }
  const list = candidates.map((c) => `--client ${c.doc.target.client} --scope ${c.doc.target.scope} (${c.doc.target.file})`).join('; ');
  throw new UsageError(`Several client configs run server-filesystem; pick one: ${list}.`);
}

/** Whether `file` holds what import would write now (a re-run, e.g. with --write after a plain import). */
function sameImport(file: string, config: Record<string, unknown>): boolean {
  try {
    const { $comment: _a, ...had } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const { $comment: _b, ...now } = config;
    return sameJson(had, now);
  } catch {
    return false;
  }
}

function writeConfig(file: string, config: Record<string, unknown>, io: VerbIO): string | undefined {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = `${JSON.stringify(config, null, 2)}\n`;
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, text, { flag: 'wx' });
    return undefined;
  }
  const saved = backup(file, io.now());
  fs.writeFileSync(file, text);
  return saved;
}

export async function importCommand(argv: string[], io: VerbIO = processIO({ out, err })): Promise<number> {
  const { values } = parse(argv, IMPORT_OPTIONS);
  const form = formFromFlags(values, io);
  let source: Source;
  try {
    source = pickSource(values, io);
  } catch (error) {
    if (!(error instanceof ClientFileError)) throw error;
    io.err(render(error.detail));
    return 1;
  }
  const target = source.doc.target;
  const outFile = path.resolve(io.host.cwd, values.out ?? userConfigFile(io.host.env));
  const notes = source.servers.flatMap((s) => s.notes);
  const roots = folderRoots(mergeRoots(source.servers), notes);
  const config = importedConfig(target.file, source.servers, roots, io.now());
  const keep = fs.existsSync(outFile) && sameImport(outFile, config);
  if (fs.existsSync(outFile) && !keep && !values.force) {
    io.err(render(outputExists.build({ file: outFile })));
    return 1;
  }
  try {
    parseConfig(structuredClone(config), outFile, io.host.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new Error(`internal error: the imported config does not validate:\n${error.message}`);
  }
  const launch = launchFor(outFile, io.host, form, io.install);
  // Plan the client edit before writing anything, so a refusal leaves both files as they were.
  let prepared: PreparedInstall | undefined;
  if (values.write) {
    const command = `mcp-warden import --client ${target.client} --scope ${target.scope}${values.from ? ` --from ${shellQuote(values.from)}` : ''} --write`;
    try {
      prepared = prepareInstall(target, serverEntry(target, launch), { force: values.force, remove: source.servers.map((s) => s.name), command });
    } catch (error) {
      if (!(error instanceof ClientFileError)) throw error;
      io.err(render(error.detail));
      return 1;
    }
  }
  const replacedConfig = keep ? undefined : writeConfig(outFile, config, io);
  const found = source.servers.map((s) => `"${s.name}" (${s.form})`).join(', ');
  io.out(`Found server-filesystem in ${target.file}: ${found}.`);
  const wrote = keep ? `Kept ${outFile} (it already holds this import)` : `Wrote ${outFile}${replacedConfig ? ` (backup of the previous config: ${replacedConfig})` : ''}`;
  io.out(`${wrote} with ${roots.length} root${roots.length === 1 ? '' : 's'}:`);
  io.out(roots.map((r) => `  ${r.path} (${r.access})`).join('\n') || '  (none)');
  for (const note of notes) io.out(`Note: ${note}.`);
  io.out(`mcp-warden adds:\n${WHAT_WARDEN_ADDS.map((w) => `  - ${w}`).join('\n')}`);
  if (prepared) {
    let saved: string | undefined;
    try {
      saved = commitInstall(prepared, io.now()).backup;
    } catch (error) {
      if (!(error instanceof ClientFileError)) throw error;
      io.err(render(error.detail));
      return 1;
    }
    io.out(`Replaced ${prepared.plan.removed.map((n) => `"${n}"`).join(', ')} with "mcp-warden" in ${target.file}${saved ? ` (backup: ${saved})` : ''}.`);
    io.out(prepared.changes.map((l) => `  ${l}`).join('\n'));
    io.out(`Restart ${target.label} to switch over; \`mcp-warden doctor\` checks the setup.`);
  } else {
    io.out(`Next: \`mcp-warden check --config ${shellQuote(outFile)}\`, then switch ${target.label} over with\n  ${setupCommandLine(target)} --config ${shellQuote(outFile)}\n(or run this import again with --write to replace the server-filesystem entry for you).`);
  }
  return 0;
}
