import fs from 'node:fs';
import path from 'node:path';
import { allClientFiles, type ClientFile } from '../clients/clients.js';
import { ClientFileError, isObject, readClientFile } from '../clients/document.js';
import type { Host } from '../clients/hosts.js';
import { clientCommandMissing, clientNoEntry, clientOtherConfig, clientTargetMissing } from '../messages/client-files.js';
import { ok, problem, type Check } from './check.js';

/** Whether a server entry starts mcp-warden (npx, an installed bin, or node with our bin script). */
export function isWardenEntry(name: string, entry: Record<string, unknown>): boolean {
  const words = [entry.command, ...(Array.isArray(entry.args) ? entry.args : [])].filter((w): w is string => typeof w === 'string');
  return name === 'mcp-warden' || words.some((w) => /(^|[\\/])mcp-warden(@[^\\/\s]+)?(\.js|\.cmd|\.exe)?$/.test(w));
}

/** A command as a client would start it: absolute, or searched on PATH. */
export function resolveCommand(command: string, host: Host): string | undefined {
  const executable = (f: string) => {
    try {
      fs.accessSync(f, host.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  };
  if (path.isAbsolute(command)) return executable(command) ? command : undefined;
  const sep = host.platform === 'win32' ? ';' : ':';
  const exts = host.platform === 'win32' ? ['', ...(host.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').toLowerCase().split(';')] : [''];
  for (const dir of (host.env.PATH ?? '').split(sep).filter((d) => path.isAbsolute(d))) {
    for (const ext of exts) {
      const f = path.join(dir, command + ext);
      if (executable(f)) return f;
    }
  }
  return undefined;
}

function entryChecks(target: ClientFile, name: string, entry: Record<string, unknown>, host: Host, checkedConfig?: string): Check[] {
  const where = `${target.label} (${target.scope})`;
  const setup = `mcp-warden setup --client ${target.client} --scope ${target.scope} --write --force`;
  const command = String(entry.command ?? '');
  const args = Array.isArray(entry.args) ? entry.args.filter((a): a is string => typeof a === 'string') : [];
  const resolved = resolveCommand(command, host);
  if (!resolved) return [problem('client', 'fail', clientCommandMissing.build({ client: where, file: target.file, command, setup }))];
  const checks: Check[] = [];
  const configAt = args.indexOf('--config');
  const configArg = configAt >= 0 ? args[configAt + 1] : args.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  const files = [...args.filter((a) => path.isAbsolute(a) && /mcp-warden(\.js)?$/.test(a)), ...(configArg && path.isAbsolute(configArg) ? [configArg] : [])];
  for (const file of files) {
    if (!fs.existsSync(file)) checks.push(problem('client', 'fail', clientTargetMissing.build({ client: where, file: target.file, target: file, setup })));
  }
  if (checks.length) return checks;
  if (configArg && checkedConfig && path.resolve(configArg) !== path.resolve(checkedConfig)) {
    return [problem('client', 'warn', clientOtherConfig.build({ client: where, config: configArg, checked: checkedConfig }))];
  }
  return [ok('client', `${where} ${target.file}: "${name}" runs ${command}${resolved !== command ? ` (${resolved})` : ''}${configArg ? ` with --config ${configArg}` : ''}`)];
}

/** The client config entries that start mcp-warden, and whether they can. */
export function checkClients(host: Host, checkedConfig?: string): Check[] {
  const known = allClientFiles(host);
  const present = known.filter((t) => fs.existsSync(t.file));
  const checks: Check[] = [];
  let entries = 0;
  for (const target of present) {
    let servers: Record<string, unknown>;
    try {
      servers = readClientFile(target).servers;
    } catch (error) {
      if (!(error instanceof ClientFileError)) throw error;
      checks.push(problem('client', 'fail', error.detail));
      continue;
    }
    for (const [name, entry] of Object.entries(servers)) {
      if (!isObject(entry) || !isWardenEntry(name, entry)) continue;
      entries++;
      checks.push(...entryChecks(target, name, entry, host, checkedConfig));
    }
  }
  if (entries === 0) checks.push(problem('client', 'warn', clientNoEntry.build({ present: present.length, known: known.length })));
  return checks;
}
