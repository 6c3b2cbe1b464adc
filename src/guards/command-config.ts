import type { Config } from '../config/types.js';
import type { ConfigIssue } from '../config/issues.js';
import { isForbiddenEnv } from './command-env.js';
import { HAZARDS } from './command-hazards.js';
import { identityOf, isInterpreter, resolvePrograms, type Resolution } from './command-programs.js';

const resolved = new WeakMap<Config, Resolution>();

/**
 * The allowlisted programs of a config, resolved from the trusted PATH once per config:
 * the start-up check resolves them, and the command guard built later gets the same ones.
 */
export function programsFor(config: Config, resolve: (config: Config) => Resolution = resolvePrograms): Resolution {
  let resolution = resolved.get(config);
  if (!resolution) {
    resolution = resolve(config);
    resolved.set(config, resolution);
  }
  return resolution;
}

/**
 * Config problems of `commands`, found at load: an interpreter or runner (also when the
 * name is an alias of one, e.g. `rbash` → bash) without `dangerous: true`, a subcommand
 * the hazard table refuses, and `env.set` entries that are argument channels.
 */
export function checkCommands(config: Config, resolution: Resolution = programsFor(config)): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, rule] of Object.entries(config.commands.allow)) {
    const real = resolution.programs.get(name)?.realPath ?? resolution.unresolved.find((u) => u.name === name)?.realPath;
    if (!rule.dangerous && (isInterpreter(name) || (real !== undefined && isInterpreter(real)))) {
      const via = real && identityOf(real) !== identityOf(name) ? ` (it is ${real})` : '';
      issues.push({
        path: `commands.allow.${name}.dangerous`,
        message: `expected true for ${name}${via}: an interpreter or runner runs whatever it is given, so it must be marked "dangerous": true (stdin is then refused, and the sandbox is its only boundary)`,
      });
    }
    const refused = HAZARDS[identityOf(name)]?.denySubcommands ?? [];
    rule.subcommands?.forEach((sub, i) => {
      if (refused.includes(sub)) {
        issues.push({ path: `commands.allow.${name}.subcommands[${i}]`, message: `"${sub}" is always refused for ${name} (it can run code, reach the network or change config)` });
      }
    });
  }
  for (const key of Object.keys(config.commands.env.set)) {
    if (isForbiddenEnv(key)) {
      issues.push({ path: `commands.env.set.${key}`, message: `${key} is an argument or config channel for programs and is never passed; remove it` });
    }
  }
  return issues;
}
