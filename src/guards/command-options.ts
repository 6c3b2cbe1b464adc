// The option matcher of the command guard: decides whether an argument spells an option
// in every way GNU and getopt programs accept it (docs/command-hazards.md §6.1).

/** A set of options, as written in hazard tables and in `allowArgs`/`denyArgs`. */
export interface OptionSet {
  /** Long names without dashes (`to-command`). */
  long: readonly string[];
  /** Short option letters (`I`, `T`, `@`). */
  short: string;
  /** Single-dash long names without the dash (`exec` for find), matched whole. */
  single: readonly string[];
}

export const EMPTY_OPTIONS: OptionSet = { long: [], short: '', single: [] };

/**
 * Parses `--x`, `-x` and `-xyz` spellings (as in configs) into an OptionSet. A one-letter
 * entry is a short option; a multi-letter single-dash entry is a single-dash long option.
 * A trailing `=` (`-n=`, `--max-count=`) marks an option that takes a value.
 */
export function parseOptionList(entries: readonly string[]): OptionSet & { valued: string } {
  const long: string[] = [];
  const single: string[] = [];
  let short = '';
  let valued = '';
  for (const raw of entries) {
    const takesValue = raw.endsWith('=');
    const entry = takesValue ? raw.slice(0, -1) : raw;
    if (entry.startsWith('--')) long.push(entry.slice(2));
    else if (entry.startsWith('-') && entry.length === 2) {
      short += entry[1];
      if (takesValue) valued += entry[1];
    } else if (entry.startsWith('-')) single.push(entry.slice(1));
  }
  return { long, short, single, valued };
}

/** One argument as an option: its long name, or its short letters, or nothing (an operand). */
export type Spelling =
  | { kind: 'long'; name: string; value?: string }
  | { kind: 'dash'; body: string }
  | { kind: 'operand' }
  | { kind: 'end' };

/** How an argument reads as an option. `-` alone is an operand (stdin), `--` ends options. */
export function spell(arg: string): Spelling {
  if (arg === '--') return { kind: 'end' };
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    return eq < 0 ? { kind: 'long', name: arg.slice(2) } : { kind: 'long', name: arg.slice(2, eq), value: arg.slice(eq + 1) };
  }
  if (arg.startsWith('-') && arg.length > 1) return { kind: 'dash', body: arg.slice(1) };
  return { kind: 'operand' };
}

/**
 * Which denied long option a `--name` spells. GNU getopt_long and git's parse-options
 * accept any unambiguous prefix (`--to-com` is `--to-command`), so every prefix of a
 * denied name counts, however short: refusing an ambiguous abbreviation costs nothing.
 */
export function matchLong(name: string, denied: readonly string[]): string | undefined {
  if (name.length === 0) return undefined;
  return denied.find((d) => d === name || d.startsWith(name));
}

/**
 * Which denied option a single-dash argument spells: a whole single-dash long name
 * (`-exec`), or any letter of a short bundle (`-xIprog`, `-o/tmp/x`). Every letter is
 * checked, values included, because we cannot know where a program's value starts;
 * that can only refuse too much, never too little.
 */
export function matchDash(body: string, denied: OptionSet): string | undefined {
  const name = body.split('=')[0];
  if (denied.single.includes(name)) return `-${name}`;
  if (denied.single.length && !denied.short) return undefined;
  for (const ch of body) if (denied.short.includes(ch)) return `-${ch}`;
  return undefined;
}

/** The denied option an argument spells, or undefined. */
export function deniedOption(arg: string, denied: OptionSet): string | undefined {
  const s = spell(arg);
  if (s.kind === 'long') {
    const hit = matchLong(s.name, denied.long);
    return hit === undefined ? undefined : `--${hit}`;
  }
  if (s.kind === 'dash') return matchDash(s.body, denied);
  return undefined;
}

/**
 * Whether an option argument is within `allowArgs`: a long option by its exact name (an
 * abbreviation could stand for another option), a single-dash long name whole, or a
 * bundle of allowed letters where a letter marked with `=` takes the rest as its value.
 */
export function allowedOption(arg: string, allowed: OptionSet & { valued: string }): boolean {
  const s = spell(arg);
  if (s.kind === 'long') return allowed.long.includes(s.name);
  if (s.kind !== 'dash') return true;
  if (allowed.single.includes(s.body)) return true;
  for (const ch of s.body) {
    if (!allowed.short.includes(ch)) return false;
    if (allowed.valued.includes(ch)) return true;
  }
  return true;
}
