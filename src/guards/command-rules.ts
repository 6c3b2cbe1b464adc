import { denied } from '../errors.js';
import { excerpt } from '../text/for-people.js';
import {
  EMPTY_OPTIONS, allowedOption, deniedOption, parseOptionList, spell, type OptionSet,
} from './command-options.js';
import type { Hazards } from './command-hazards.js';
import type { ResolvedProgram } from './command-programs.js';

const full = (o?: Partial<OptionSet>): OptionSet => ({ ...EMPTY_OPTIONS, ...o });
// An argument is quoted as an excerpt: it can be up to the argument cap (issue 15 §2).
const show = (arg: string) => excerpt(arg);

/** What the argument rules found out, for the rest of the guard. */
export interface RuleFindings {
  /** Index of the subcommand in args, when the program has one. */
  subcommand?: number;
  /** The call reads files it was not named (recursive search). */
  search: boolean;
}

/**
 * Applies a program's argument rules, pure and in a fixed order: config subcommands,
 * the built-in hazard table, config `denyArgs`, then config `allowArgs`. Throws `denied`.
 */
export function checkArguments(program: ResolvedProgram, args: readonly string[]): RuleFindings {
  const { name, rule } = program;
  if (rule.subcommands && !rule.subcommands.includes(args[0] ?? '')) {
    throw denied(
      `${name}: the first argument must be one of the allowed subcommands (${rule.subcommands.join(', ')}), got ${show(args[0] ?? '')}.`,
      { rule: 'command.subcommand' },
    );
  }
  let findings: RuleFindings = { search: false };
  for (const h of program.hazards) findings = mergeFindings(findings, checkHazards(name, h, args));
  if (rule.denyArgs) {
    const deny = parseOptionList(rule.denyArgs);
    for (const arg of args) {
      const hit = deniedOption(arg, deny);
      if (hit) throw denied(`${name}: the option ${hit} (given as ${show(arg)}) is denied by this program's denyArgs.`, { rule: 'command.deny_args' });
    }
  }
  if (rule.allowArgs) {
    const allow = parseOptionList(rule.allowArgs);
    for (const arg of args) {
      if (!allowedOption(arg, allow)) {
        throw denied(
          `${name}: the option ${show(arg)} is not in this program's allowArgs (${rule.allowArgs.join(' ') || 'none'}).`,
          { rule: 'command.allow_args' },
        );
      }
    }
  }
  return findings;
}

function mergeFindings(a: RuleFindings, b: RuleFindings): RuleFindings {
  return { subcommand: a.subcommand ?? b.subcommand, search: a.search || b.search };
}

function hazard(name: string, what: string, why: string) {
  return denied(`${name}: ${what} is refused: ${why}.`, { rule: 'command.hazard', program: name });
}

function checkHazards(name: string, h: Hazards, args: readonly string[]): RuleFindings {
  let sub: number | undefined;
  if (h.globals) {
    sub = args.findIndex((a) => !a.startsWith('-'));
    const before = sub < 0 ? args : args.slice(0, sub);
    const bad = before.find((a) => !h.globals!.includes(a));
    if (bad !== undefined) {
      throw hazard(name, `the option ${show(bad)} before the subcommand`, `only ${h.globals.join(' ')} may come before it (the others run code or leave the root)`);
    }
    if (sub < 0) sub = undefined;
  }
  const subName = sub === undefined ? undefined : args[sub];
  if (subName !== undefined && h.denySubcommands?.includes(subName)) {
    throw hazard(name, `the subcommand ${show(subName)}`, 'it can run code, reach the network or change config');
  }
  if (h.oldStyleBundle && args.length > 0 && spell(args[0]).kind === 'operand') {
    throw hazard(name, `the old-style first word ${show(args[0])}`, 'write the options with a dash (e.g. -xf)');
  }
  const deny = full(h.deny);
  const perSub = subName !== undefined ? h.perSubcommand?.[subName] : undefined;
  args.forEach((arg, i) => {
    const hit = deniedOption(arg, deny) ?? (perSub && sub !== undefined && i > sub ? deniedOption(arg, full(perSub)) : undefined);
    if (hit) throw hazard(name, `the option ${hit} (given as ${show(arg)})`, 'it can run programs or touch files outside the roots');
  });
  return { subcommand: sub, search: isSearch(h, args, subName) };
}

function isSearch(h: Hazards, args: readonly string[], sub: string | undefined): boolean {
  if (!h.search) return false;
  if (h.search === true) return true;
  if (sub !== undefined && h.search.subcommands?.includes(sub)) return true;
  const { options: opts, text } = h.search;
  if (text !== undefined && args.some((a) => a.includes(text))) return true;
  return opts !== undefined && args.some((a) => deniedOption(a, full(opts)) !== undefined);
}
