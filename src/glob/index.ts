import { GlobError, quoteGlob } from './errors.js';
import { AGENT_GLOB_LIMITS, OPERATOR_GLOB_LIMITS, MAX_EXCLUDE_PATTERNS, type GlobLimits } from './limits.js';
import { parseGlob, type GlobNode } from './parse.js';
import { compileProgram } from './program.js';
import { simulate } from './simulate.js';

export { GlobError, AGENT_GLOB_LIMITS, OPERATOR_GLOB_LIMITS, MAX_EXCLUDE_PATTERNS, type GlobLimits };

/** How a glob is read: `nocase` for SQL table names, `strict` (unclosed `[`/`{` is an error) for config. */
export interface GlobOptions {
  nocase?: boolean;
  strict?: boolean;
  limits?: GlobLimits;
}

/** A compiled glob: true when the whole input matches. */
export type GlobMatcher = (input: string) => boolean;

const never: GlobMatcher = () => false;
const SPECIAL = /[*?[\]{}\\!()]/;

/**
 * Compiles one glob, or a list that matches when any of them does, into a matcher that
 * runs in O(pattern × input) time and never backtracks. Throws GlobError on bad syntax,
 * an unsupported construct, or a glob over `limits` (operator limits by default).
 */
export function compileGlob(patterns: string | readonly string[], options: GlobOptions = {}): GlobMatcher {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  const limits = options.limits ?? OPERATOR_GLOB_LIMITS;
  const nocase = options.nocase ?? false;
  const literals = new Set<string>();
  const positive: GlobNode[][] = [];
  const negative: GlobNode[][] = [];
  for (const pattern of list) {
    // A plain name (the common case for deny lists) is a set lookup, not an automaton.
    if (!SPECIAL.test(pattern) && !pattern.startsWith('./')) { literals.add(nocase ? pattern.toLowerCase() : pattern); continue; }
    let parsed;
    try {
      parsed = parseGlob(pattern, options.strict ?? false, limits);
    } catch (error) {
      // In a list, say which pattern is wrong.
      if (!(error instanceof GlobError) || list.length === 1 || error.limit) throw error;
      throw new GlobError(`${quoteGlob(pattern)}: ${error.message}`);
    }
    (parsed.negated ? negative : positive).push(parsed.seq);
  }
  const auto = positive.length ? prefiltered(positive, automaton(positive, nocase, limits, list), nocase) : never;
  // Each negated glob is its own automaton: `!a` matches what `a` does not.
  const nots = negative.map((seq) => automaton([seq], nocase, limits, list));
  const fold = (s: string) => (nocase ? s.toLowerCase() : s);
  if (nots.length === 0 && literals.size === 0) return auto;
  return (input) => literals.has(fold(input)) || auto(input) || nots.some((m) => !m(input));
}

function automaton(seqs: GlobNode[][], nocase: boolean, limits: GlobLimits, list: readonly string[]): GlobMatcher {
  const prog = compileProgram(seqs, nocase);
  if (prog.op.length > limits.maxStates) {
    const what = list.length === 1 ? 'the glob compiles' : `the ${list.length} globs together compile`;
    throw new GlobError(`${what} to ${prog.op.length} automaton states; glob.maxStates allows at most ${limits.maxStates} (shorten or split the patterns)`,
      { name: 'glob.maxStates', allowed: limits.maxStates });
  }
  return simulate(prog, nocase);
}

// Walks test every entry: when each pattern needs some literal text (`.md` in `**/*.md`), an
// input without any of them is refused by `includes` before the automaton runs.
function prefiltered(seqs: GlobNode[][], run: GlobMatcher, nocase: boolean): GlobMatcher {
  const needs = seqs.map((seq) => (nocase ? requiredText(seq).toLowerCase() : requiredText(seq)));
  if (needs.some((t) => t.length < 2)) return run;
  const texts = [...new Set(needs)];
  return (input) => {
    const s = nocase ? input.toLowerCase() : input;
    for (const t of texts) if (s.includes(t)) return run(input);
    return false;
  };
}

// The longest run of literal code units outside braces and classes: every match contains it.
// A `/` ends a run: next to `**` it is optional (`**\/a` matches `a`).
function requiredText(seq: GlobNode[]): string {
  let best = '', run = '';
  for (const node of seq) {
    if (node.t === 'lit' && node.c !== 47) { run += String.fromCharCode(node.c); if (run.length > best.length) best = run; } else run = '';
  }
  return best;
}

/** Why a glob (or list) cannot be compiled with these options, or undefined. */
export function globProblem(patterns: string | readonly string[], options: GlobOptions = {}): string | undefined {
  try {
    compileGlob(patterns, options);
    return undefined;
  } catch (error) {
    if (error instanceof GlobError) return error.message;
    throw error;
  }
}

/** Whether a glob is one plain name: no wildcard, class, brace, escape, negation or slash. */
export function isPlainName(pattern: string): boolean {
  return pattern !== '' && !SPECIAL.test(pattern) && !pattern.includes('/') && pattern !== '.' && pattern !== '..';
}

/** The shape of a glob over one name that a string test decides: `lit`, `lit*`, `*lit`, `*lit*`; else undefined. */
export function nameShape(pattern: string): { kind: 'exact' | 'prefix' | 'suffix' | 'infix'; text: string } | undefined {
  const lead = pattern.startsWith('*');
  const trail = pattern.length > 1 && pattern.endsWith('*');
  const text = pattern.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (SPECIAL.test(text) || text.includes('/') || (!lead && text.startsWith('./'))) return undefined;
  if (lead && trail) return { kind: 'infix', text };
  if (lead) return { kind: 'suffix', text };
  if (trail) return { kind: 'prefix', text };
  return { kind: 'exact', text };
}
