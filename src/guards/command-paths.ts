import fs from 'node:fs';
import path from 'node:path';
import { denied } from '../errors.js';
import { EMPTY_OPTIONS, deniedOption, matchLong, spell, type OptionSet } from './command-options.js';
import type { Hazards } from './command-hazards.js';

/** Intents as the path guard takes them. */
export type Intent = 'read' | 'write' | 'list';

/** A piece of an argument that names a path, and how the program uses it. */
export interface PathOperand {
  index: number;
  text: string;
  write: boolean;
}

/**
 * The pieces of `args` that name paths. The rule (we cannot know every program's
 * grammar, so it errs towards checking too much):
 * - every operand, every `--opt=VALUE` value and every tail of a short bundle
 *   (`-f.env`, `-o/tmp/x`: the value starts somewhere after the first letter)
 *   that contains a `/` or exists relative to the working directory;
 * - separate option values (`-f FILE`) are operands by this rule, so they are covered.
 * Write intent: values of the program's write options, and operands of programs that
 * write their operands (cp, rm) or do so with an option (sed -i).
 */
export function pathOperands(args: readonly string[], cwd: string, hazards: readonly Hazards[]): PathOperand[] {
  const writeValues = merge(hazards.map((h) => h.writeValues));
  const writeAll = hazards.some((h) => h.writeOperands === true)
    || hazards.some((h) => typeof h.writeOperands === 'object' && args.some((a) => deniedOption(a, { ...EMPTY_OPTIONS, ...(h.writeOperands as Partial<OptionSet>) })));
  const out: PathOperand[] = [];
  const add = (index: number, text: string, write: boolean) => {
    if (text !== '' && (text.includes('/') || exists(cwd, text))) out.push({ index, text, write });
  };
  let nextIsWriteValue = false;
  args.forEach((arg, i) => {
    const s = spell(arg);
    const carried = nextIsWriteValue;
    nextIsWriteValue = false;
    if (s.kind === 'operand') return add(i, arg, writeAll || carried);
    if (s.kind === 'long') {
      const writes = matchLong(s.name, writeValues.long) !== undefined;
      if (s.value !== undefined) add(i, s.value, writes);
      else nextIsWriteValue = writes;
      return;
    }
    if (s.kind === 'dash') {
      for (let k = 1; k < s.body.length; k++) {
        add(i, s.body.slice(k), [...s.body.slice(0, k)].some((c) => writeValues.short.includes(c)));
      }
      nextIsWriteValue = writeValues.short.includes(s.body[s.body.length - 1]);
    }
  });
  return out;
}

function merge(sets: ReadonlyArray<Partial<OptionSet> | undefined>): OptionSet {
  return {
    long: sets.flatMap((s) => s?.long ?? []),
    short: sets.map((s) => s?.short ?? '').join(''),
    single: sets.flatMap((s) => s?.single ?? []),
  };
}

function exists(cwd: string, text: string): boolean {
  try {
    fs.lstatSync(path.resolve(cwd, text));
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses an operand that is a regular file with more than one hard link, as the file
 * tools do when they open one: the link may share its inode with a file outside every
 * root (issue 15 §7). The sandbox hides such files too; this also holds unsandboxed.
 */
export function checkHardLinks(canonical: string, hardLinks: 'deny' | 'allow'): void {
  if (hardLinks === 'allow') return;
  const s = fs.lstatSync(canonical, { throwIfNoEntry: false });
  if (s?.isFile() && s.nlink > 1) {
    throw denied(`Access denied: ${canonical} has ${s.nlink} hard links, and a hard link can lead outside the allowed directories (set filesystem.hardLinks to "allow" to permit).`, { rule: 'path.hard_link' });
  }
}
