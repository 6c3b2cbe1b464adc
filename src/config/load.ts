import fs from 'node:fs';
import path from 'node:path';
import { ConfigSchema } from './schema/index.js';
import type { Config } from './types.js';
import { ConfigError, fromZodIssue, type ConfigIssue } from './issues.js';
import { resolveConfigPath, userConfigFile, defaultAuditPath, isPemText } from './paths.js';

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

/** The lookup order of ARCHITECTURE.md §11, for messages that tell the user where we looked. */
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

/** A config file as found: its path and its JSON, not yet validated. */
export interface ConfigFile {
  path: string;
  raw: unknown;
}

/** Finds the config by the lookup order and reads its JSON; `src/startup.ts` validates it. */
export function readConfigFile(options: LocateOptions = {}): ConfigFile {
  const located = locateConfig(options);
  if (!located) throw new ConfigNotFoundError(options);
  let text: string;
  try {
    text = fs.readFileSync(located.path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new ConfigError([{ path: '', message: `cannot read ${located.path} (found via ${located.from}): ${reason}` }], located.path);
  }
  try {
    // Editors on Windows save UTF-8 with a byte-order mark; JSON.parse refuses it.
    return { path: located.path, raw: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    throw new ConfigError([{ path: '', message: `not valid JSON: ${(error as Error).message}` }], located.path);
  }
}

/** A raw config parsed by the schema: the frozen config, or every problem of its shape. */
export type ParsedShape = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

/**
 * Parses a raw config by the schema (shape, types, defaults), resolves relative paths
 * against the config's folder and freezes it. Domain checks (policies, guards, auth,
 * http, tool names) are not made here: `src/startup.ts` makes them.
 */
export function parseConfigShape(raw: unknown, configPath?: string, env: NodeJS.ProcessEnv = process.env): ParsedShape {
  const parsed = ConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.flatMap((issue) => fromZodIssue(issue)) };
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
  return { ok: true, config: deepFreeze(config) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
