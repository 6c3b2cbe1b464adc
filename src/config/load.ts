import fs from 'node:fs';
import path from 'node:path';
import { ConfigSchema } from './schema/index.js';
import type { Config } from './types.js';
import { ConfigError, fromZodIssue, type ConfigIssue } from './issues.js';
import { resolveConfigPath, userConfigFile, defaultAuditPath } from './paths.js';
import { checkPolicies } from '../policy/check.js';
import { checkFilesystem } from '../guards/path-config.js';
import { checkDatabases } from '../guards/sql-config.js';
import { checkCommands } from '../guards/command-config.js';
import { checkAuth } from '../auth/check.js';
import { isPemText } from '../auth/public-key.js';
import { TOOL_PERMISSIONS, TOOL_PERMISSION_TABLE } from '../tools/names.js';

export interface LocateOptions {
  /** `--config` */
  flag?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface Located {
  path: string;
  /** Which rule of the lookup order found it. */
  from: '--config' | 'MCP_WARDEN_CONFIG' | './mcp-warden.json' | 'user config folder';
}

/** The lookup order of DESIGN §5, for messages that tell the user where we looked. */
export function lookupOrder(options: LocateOptions = {}): string[] {
  const env = options.env ?? process.env;
  return ['--config FILE', 'MCP_WARDEN_CONFIG', path.join(options.cwd ?? process.cwd(), 'mcp-warden.json'), userConfigFile(env)];
}

/** Finds the config file by the lookup order; an explicit flag or variable must exist. */
export function locateConfig(options: LocateOptions = {}): Located | undefined {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  if (options.flag) return { path: path.resolve(cwd, options.flag), from: '--config' };
  if (env.MCP_WARDEN_CONFIG) return { path: path.resolve(cwd, env.MCP_WARDEN_CONFIG), from: 'MCP_WARDEN_CONFIG' };
  const local = path.join(cwd, 'mcp-warden.json');
  if (fs.existsSync(local)) return { path: local, from: './mcp-warden.json' };
  const user = userConfigFile(env);
  if (fs.existsSync(user)) return { path: user, from: 'user config folder' };
  return undefined;
}

/** No config anywhere: say where we looked and how to make one. */
export class ConfigNotFoundError extends Error {
  constructor(options: LocateOptions = {}) {
    super(`No config file found. Looked in order at: ${lookupOrder(options).join(', ')}.\n`
      + 'Create one with `mcp-warden init` (writes ./mcp-warden.json for this folder) or pass --config FILE.');
    this.name = 'ConfigNotFoundError';
  }
}

/** Reads, validates and freezes the config the lookup order finds. */
export function loadConfig(options: LocateOptions = {}): Config {
  const located = locateConfig(options);
  if (!located) throw new ConfigNotFoundError(options);
  let text: string;
  try {
    text = fs.readFileSync(located.path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new ConfigError([{ path: '', message: `cannot read ${located.path} (found via ${located.from}): ${reason}` }], located.path);
  }
  let raw: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte-order mark; JSON.parse refuses it.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError([{ path: '', message: `not valid JSON: ${(error as Error).message}` }], located.path);
  }
  return parseConfig(raw, located.path, options.env);
}

/** Validates a raw config object; relative paths resolve against the config's folder. */
export function parseConfig(raw: unknown, configPath?: string, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.flatMap((issue) => fromZodIssue(issue)), configPath);
  const base = configPath ? path.dirname(configPath) : process.cwd();
  const c = parsed.data;
  const at = (p: string) => resolveConfigPath(p, base);
  for (const root of c.filesystem.roots) root.path = at(root.path);
  for (const db of Object.values(c.databases)) db.path = at(db.path);
  if (c.commands.cwd) c.commands.cwd = at(c.commands.cwd);
  if (c.log.file) c.log.file = at(c.log.file);
  if (c.auth.jwt?.publicKey && !isPemText(c.auth.jwt.publicKey)) c.auth.jwt.publicKey = at(c.auth.jwt.publicKey);
  const auditPath = c.audit.path ? at(c.audit.path) : defaultAuditPath(env);
  c.audit.path = auditPath;
  const config: Config = { ...c, auditPath, ...(configPath ? { configPath: path.resolve(configPath) } : {}) };
  const issues: ConfigIssue[] = [
    ...checkPolicies(config, TOOL_PERMISSION_TABLE),
    ...checkFilesystem(config),
    ...checkDatabases(config),
    ...checkCommands(config),
    ...checkAuth(config),
    ...checkRateLimitTools(config),
  ];
  if (issues.length) throw new ConfigError(issues, configPath);
  return deepFreeze(config);
}

function checkRateLimitTools(config: Config): ConfigIssue[] {
  return Object.keys(config.rateLimits.tools)
    .filter((tool) => !(tool in TOOL_PERMISSIONS))
    .map((tool) => ({ path: `rateLimits.tools.${tool}`, message: `unknown tool "${tool}"` }));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
