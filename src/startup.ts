// The one start-up step that turns a config file into a config the server may run on:
// config parses the shape; each domain then checks what only it understands. Every verb,
// the client tools and the tests load config through here.
import { readConfigFile, parseConfigShape, type LocateOptions } from './config/load.js';
import { ConfigError, type ConfigIssue } from './config/issues.js';
import { ConfigSchema } from './config/schema/index.js';
import type { Config } from './config/types.js';
import { checkPolicies, checkPolicyEntries } from './policy/check.js';
import { checkFilesystem } from './guards/path-config.js';
import { checkDatabases } from './guards/sql-config.js';
import { checkCommands, programsFor } from './guards/command-config.js';
import type { Resolution } from './guards/command-programs.js';
import { checkAuth, checkAuthEntries } from './auth/check.js';
import { checkHttpEntries } from './http/check.js';
import { TOOL_PERMISSIONS, TOOL_PERMISSION_TABLE } from './tools/names.js';

/** What start-up may be given instead of the real thing (tests count program resolutions). */
export interface StartupDeps {
  resolvePrograms?: (config: Config) => Resolution;
}

/** Finds, reads, validates and freezes the config the lookup order finds. */
export function loadConfig(options: LocateOptions = {}, deps: StartupDeps = {}): Config {
  const file = readConfigFile(options);
  return parseConfig(file.raw, file.path, options.env, deps);
}

/**
 * Validates a raw config; relative paths resolve against the config's folder. Every problem
 * is listed at once: those of the shape with those of single entries (a bad CIDR, an
 * unknown attribute); the checks across keys (roles, examples, programs) need a config of
 * the right shape, so they run after. The allowlisted programs are resolved here, once:
 * the command guard takes the same resolution later (`programsFor`).
 */
export function parseConfig(raw: unknown, configPath?: string, env: NodeJS.ProcessEnv = process.env, deps: StartupDeps = {}): Config {
  const shape = parseConfigShape(raw, configPath, env);
  const entries = [...checkPolicyEntries(raw), ...checkAuthEntries(raw), ...checkHttpEntries(raw)];
  if (!shape.ok || entries.length) throw new ConfigError(bySection([...(shape.ok ? [] : shape.issues), ...entries]), configPath);
  const { config } = shape;
  const issues: ConfigIssue[] = [
    ...checkPolicies(config, TOOL_PERMISSION_TABLE),
    ...checkFilesystem(config),
    ...checkDatabases(config),
    ...checkCommands(config, programsFor(config, deps.resolvePrograms)),
    ...checkAuth(config),
    ...checkRateLimitTools(config),
  ];
  if (issues.length) throw new ConfigError(issues, configPath);
  return config;
}

const SECTIONS: readonly string[] = Object.keys(ConfigSchema.shape);

/**
 * Problems grouped by top-level section in the schema's order, as the schema lists its
 * own (stable, so its order within a section stands): a bad entry is listed with the
 * other problems of its section. Unknown top-level keys come last, as the schema puts them
 * (so does a path of "": the key "" or, alone, a config that is no object).
 */
function bySection(issues: ConfigIssue[]): ConfigIssue[] {
  const rank = (issue: ConfigIssue) => {
    const i = SECTIONS.indexOf(/^[^.[]*/.exec(issue.path)![0]);
    return i === -1 ? SECTIONS.length : i;
  };
  return issues.map((issue, n) => ({ issue, n, r: rank(issue) })).sort((a, b) => a.r - b.r || a.n - b.n).map((x) => x.issue);
}

function checkRateLimitTools(config: Config): ConfigIssue[] {
  return Object.keys(config.rateLimits.tools)
    .filter((tool) => !(tool in TOOL_PERMISSIONS))
    .map((tool) => ({ path: `rateLimits.tools.${tool}`, message: `unknown tool "${tool}"` }));
}
