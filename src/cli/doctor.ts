import { processIO, type VerbIO } from '../clients/io.js';
import { loadWardenConfig } from '../clients/warden-config.js';
import type { Config } from '../config/types.js';
import { ok, problem, type Check } from '../doctor/check.js';
import { checkClients } from '../doctor/clients.js';
import { checkAudit, checkDatabases, checkInsideRoots, checkPrograms, checkRoots } from '../doctor/config.js';
import { probeForDoctor, type SandboxProbe } from '../doctor/sandbox-probe.js';
import { nodeTooOld, sandboxBlocked, sandboxExecUnavailable, sandboxMissing, sandboxUnsupported } from '../messages/environment.js';
import { parse, configOption, out, err } from './args.js';

/** What doctor may be told instead of looking (tests; never flags). */
export interface DoctorOptions {
  configFlag?: string;
  nodeVersion?: string;
  /** Folders to look for allowlisted programs in, instead of the system folders. */
  programDirs?: readonly string[];
  probe?: () => Promise<SandboxProbe> | SandboxProbe;
}

function checkNode(version: string): Check {
  const major = Number(version.split('.')[0]);
  return major >= 20 ? ok('node', `Node.js ${version}`) : problem('node', 'fail', nodeTooOld.build({ version }));
}

/** The sandbox probe, judged by `commands.sandbox` and by whether any command could run at all. */
export function checkSandbox(config: Config | undefined, probe: SandboxProbe, platform: string): Check {
  const mode = config?.commands.sandbox ?? 'required';
  const programs = config ? Object.keys(config.commands.allow).length : 0;
  if (probe.available) return ok('sandbox', `${probe.detail} (${probe.path}); commands.sandbox "${mode}"`);
  if (config && programs === 0) return ok('sandbox', `not needed: no programs allowlisted (${probe.reason})`);
  if (mode === 'off') return ok('sandbox', `commands.sandbox is "off": commands run unconfined (${probe.reason})`);
  const status = mode === 'required' && programs > 0 ? 'fail' : 'warn';
  const message = probe.kind === 'missing' ? sandboxMissing.build({ mode, searched: probe.searched })
    : probe.kind === 'blocked' ? sandboxBlocked.build({ mode, reason: probe.reason })
    : probe.kind === 'macos' ? sandboxExecUnavailable.build({ mode, reason: probe.reason })
    : sandboxUnsupported.build({ platform, mode });
  return problem('sandbox', status, message);
}

/** Every check, in the order a user fixes things: runtime, config, files, databases, commands, clients. */
export async function runDoctor(io: VerbIO, options: DoctorOptions = {}): Promise<{ checks: Check[]; configFailed: boolean }> {
  const checks: Check[] = [checkNode(options.nodeVersion ?? process.versions.node)];
  const loaded = loadWardenConfig(options.configFlag, io.host);
  let config: Config | undefined;
  if (loaded.ok) {
    config = loaded.config;
    checks.push(ok('config', `${loaded.located.path} (found via ${loaded.located.from}) is valid`));
    checks.push(...checkRoots(config), ...checkInsideRoots(config), ...await checkAudit(config), ...await checkDatabases(config));
    checks.push(...checkPrograms(config, options.programDirs));
  } else {
    checks.push(problem('config', 'fail', loaded.message));
  }
  const roots = config?.filesystem.roots.map((r) => r.path) ?? [];
  const probe = await (options.probe ?? (() => probeForDoctor(roots)))();
  checks.push(checkSandbox(config, probe, io.host.platform));
  checks.push(...checkClients(io.host, config?.configPath));
  return { checks, configFailed: !loaded.ok };
}

const LABEL = { ok: 'ok', warn: 'WARN', fail: 'FAIL' } as const;

/** `STATUS  check     message Fix: fix`, one line per check. */
export function formatCheck(c: Check): string {
  return `${LABEL[c.status].padEnd(4)}  ${c.check.padEnd(9)} ${c.message}${c.fix ? ` Fix: ${c.fix}` : ''}`;
}

export async function doctorCommand(argv: string[], io: VerbIO = processIO({ out, err }), options: DoctorOptions = {}): Promise<number> {
  const { values } = parse(argv, { ...configOption, json: { type: 'boolean' } });
  const { checks, configFailed } = await runDoctor(io, { ...options, configFlag: values.config ?? options.configFlag });
  const count = (s: Check['status']) => checks.filter((c) => c.status === s).length;
  if (values.json) {
    for (const c of checks) io.out(JSON.stringify({ check: c.check, status: c.status, message: c.message, fix: c.fix ?? null, id: c.id ?? null }));
  } else {
    io.out(checks.map(formatCheck).join('\n'));
    io.out(`\n${checks.length} checks: ${count('ok')} ok, ${count('warn')} warnings, ${count('fail')} failed.`);
  }
  // A config that cannot be loaded is the config error of every verb (exit 2); other failures exit 1.
  if (configFailed) return 2;
  return count('fail') > 0 ? 1 : 0;
}
