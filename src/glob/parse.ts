import { GlobError, quoteGlob } from './errors.js';
import type { GlobLimits } from './limits.js';

/** One glob element: a code unit, `?`, `*` (within a segment), a class, `**` (whole segments), or braces. */
export type GlobNode =
  | { t: 'lit'; c: number }
  | { t: 'one' }
  | { t: 'star' }
  | { t: 'class'; cls: CharClass }
  | { t: 'globstar' }
  | { t: 'alt'; alts: GlobNode[][] };

/** A bracket expression: inclusive code-unit ranges as pairs; it never matches `/`. */
export interface CharClass { negated: boolean; ranges: number[] }

/** A parsed pattern: its elements, whether a leading `!` negates it, and its brace expansion count. */
export interface ParsedGlob { negated: boolean; seq: GlobNode[]; alternatives: number }

const SLASH = 47;
const r = (a: string, b = a) => [a.charCodeAt(0), b.charCodeAt(0)];
const POSIX: Record<string, number[]> = {
  alpha: [...r('A', 'Z'), ...r('a', 'z')],
  digit: r('0', '9'),
  alnum: [...r('0', '9'), ...r('A', 'Z'), ...r('a', 'z')],
  upper: r('A', 'Z'),
  lower: r('a', 'z'),
  xdigit: [...r('0', '9'), ...r('A', 'F'), ...r('a', 'f')],
  word: [...r('0', '9'), ...r('A', 'Z'), ...r('a', 'z'), ...r('_')],
  space: [9, 13, 32, 32],
  blank: [9, 9, 32, 32],
  punct: [...r('!', '/'), ...r(':', '@'), ...r('[', '`'), ...r('{', '~')],
  cntrl: [0, 31, 127, 127],
  print: [32, 126],
  graph: [33, 126],
};

const lit = (c: number): GlobNode => ({ t: 'lit', c });

/**
 * Parses a glob (picomatch syntax with `dot: true`, minus extglobs). `strict`: an unclosed
 * `[` or `{` is an error (operator globs); otherwise it is a literal character.
 */
export function parseGlob(glob: string, strict: boolean, limits: GlobLimits): ParsedGlob {
  if (glob.length > limits.maxLength) {
    throw new GlobError(`the glob ${quoteGlob(glob, false)} is ${glob.length} characters long; glob.maxLength allows at most ${limits.maxLength}`,
      { name: 'glob.maxLength', allowed: limits.maxLength });
  }
  let from = 0;
  let negated = false;
  while (glob[from] === '!' && glob[from + 1] !== '(') { negated = !negated; from++; }
  while (glob.startsWith('./', from)) from += 2;
  const parser = new Parser(glob, strict, limits);
  const seq = parser.range(from, glob.length, true, true);
  const alternatives = countAlternatives(seq);
  if (alternatives > limits.maxAlternatives) throw parser.tooManyAlternatives(alternatives);
  return { negated, seq: distributeSlashes(seq), alternatives };
}

class Parser {
  constructor(readonly s: string, readonly strict: boolean, readonly limits: GlobLimits) {}

  fail(message: string): never {
    throw new GlobError(message);
  }

  tooManyAlternatives(n: number): GlobError {
    const { maxAlternatives } = this.limits;
    return new GlobError(`the glob ${quoteGlob(this.s)} expands to ${Number.isFinite(n) ? n : 'too many'} alternatives; glob.maxAlternatives allows at most ${maxAlternatives}`,
      { name: 'glob.maxAlternatives', allowed: maxAlternatives });
  }

  /** The elements of s[from, to); `leftB`/`rightB`: whether the edges are segment boundaries. */
  range(from: number, to: number, leftB: boolean, rightB: boolean): GlobNode[] {
    const { s } = this;
    const out: GlobNode[] = [];
    let i = from;
    while (i < to) {
      const ch = s[i];
      if ('?*+@!'.includes(ch) && s[i + 1] === '(' && i + 1 < to) {
        this.fail(`the extglob "${ch}(…)" at position ${i} is not supported; use braces {a,b} for alternatives, or "\\(" for a literal parenthesis`);
      }
      if (ch === '\\') {
        if (i + 1 < to) { out.push(lit(s.charCodeAt(i + 1))); i += 2; continue; }
        if (this.strict) this.fail('a trailing "\\" escapes nothing');
        out.push(lit(92)); i++; continue;
      }
      if (ch === '*') {
        let j = i;
        while (j < to && s[j] === '*') j++;
        const left = i === from ? leftB : s.charCodeAt(i - 1) === SLASH;
        const right = j === to ? rightB : s.charCodeAt(j) === SLASH;
        if (j - i === 2 && left && right) {
          // `**/**` is `**`: drop the repeat so chains of globstars cost one state.
          const a = out.at(-1), b = out.at(-2);
          if (a?.t === 'lit' && a.c === SLASH && b?.t === 'globstar') out.pop();
          else out.push({ t: 'globstar' });
        } else if (out.at(-1)?.t !== 'star') out.push({ t: 'star' });
        i = j; continue;
      }
      if (ch === '?') { out.push({ t: 'one' }); i++; continue; }
      if (ch === '[') {
        const cls = this.bracket(i, to);
        if (cls) { out.push(cls.node); i = cls.end; continue; }
      } else if (ch === '{') {
        const brace = this.brace(i, to, i === from ? leftB : s.charCodeAt(i - 1) === SLASH, rightB);
        if (brace) { out.push(brace.node); i = brace.end; continue; }
      }
      out.push(lit(s.charCodeAt(i))); i++;
    }
    return out;
  }

  /** A bracket expression at `i`, or undefined when it is not closed (a literal `[` unless strict). */
  bracket(i: number, to: number): { node: GlobNode; end: number } | undefined {
    const { s } = this;
    let j = i + 1;
    let negated = false;
    if (s[j] === '!' || s[j] === '^') { negated = true; j++; }
    const ranges: number[] = [];
    let first = true;
    while (j < to) {
      const c = s[j];
      if (c === ']' && !first) return { node: { t: 'class', cls: { negated, ranges } }, end: j + 1 };
      first = false;
      if (c === '[' && s[j + 1] === ':') {
        const k = s.indexOf(':]', j + 2);
        if (k !== -1 && k < to) {
          const name = s.slice(j + 2, k);
          const set = POSIX[name];
          if (!set) this.fail(`unknown character class "[:${name}:]" (expected one of ${Object.keys(POSIX).join(', ')})`);
          ranges.push(...set);
          j = k + 2;
          continue;
        }
      }
      const at = (p: number): [number, number] => (s[p] === '\\' && p + 1 < to ? [s.charCodeAt(p + 1), p + 2] : [s.charCodeAt(p), p + 1]);
      if (c === '/') this.fail(`a "/" inside "[…]" at position ${j} is not supported (a character class never matches the path separator)`);
      let lo: number, hi: number;
      [lo, j] = at(j);
      hi = lo;
      if (s[j] === '-' && j + 1 < to && s[j + 1] !== ']') {
        [hi, j] = at(j + 1);
        if (hi < lo) this.fail(`the range "${String.fromCharCode(lo)}-${String.fromCharCode(hi)}" is reversed`);
      }
      ranges.push(lo, hi);
    }
    if (this.strict) this.fail(`unclosed "[" at position ${i}; write "\\[" to match a literal "["`);
    return undefined;
  }

  /** Braces at `i`: alternatives or a range, or undefined when they are literal (`{a}`, unclosed unless strict). */
  brace(i: number, to: number, leftB: boolean, parentRightB: boolean): { node: GlobNode; end: number } | undefined {
    const { s } = this;
    const parts: number[] = [i + 1];
    let depth = 0;
    let close = -1;
    for (let j = i + 1; j < to; j++) {
      const c = s[j];
      if (c === '\\') { j++; continue; }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) { close = j; break; }
        depth--;
      } else if (c === ',' && depth === 0) parts.push(j + 1);
    }
    if (close === -1) {
      if (this.strict) this.fail(`unclosed "{" at position ${i}; write "\\{" to match a literal "{"`);
      return undefined;
    }
    const rightB = close + 1 === to ? parentRightB : s.charCodeAt(close + 1) === SLASH;
    if (parts.length > 1) {
      parts.push(close + 1);
      const alts: GlobNode[][] = [];
      for (let k = 0; k + 1 < parts.length; k++) alts.push(this.range(parts[k], parts[k + 1] - 1, leftB, rightB));
      return { node: { t: 'alt', alts }, end: close + 1 };
    }
    const range = this.expandRange(s.slice(i + 1, close));
    return range ? { node: { t: 'alt', alts: range }, end: close + 1 } : undefined;
  }

  /** `{1..10}`, `{01..10}` (zero-padded) and `{a..e}` as alternatives, bounded before they are built. */
  expandRange(body: string): GlobNode[][] | undefined {
    const num = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
    const chr = /^([A-Za-z])\.\.([A-Za-z])$/.exec(body);
    if (!num && !chr) return undefined;
    const [a, b] = num ? [Number(num[1]), Number(num[2])] : [chr![1].charCodeAt(0), chr![2].charCodeAt(0)];
    const count = Math.abs(b - a) + 1;
    if (count > this.limits.maxAlternatives) throw this.tooManyAlternatives(count);
    const width = num && /^-?0\d/.test(num[1] + ' ' + num[2]) ? Math.max(num[1].length, num[2].length) : 0;
    const step = a <= b ? 1 : -1;
    const alts: GlobNode[][] = [];
    for (let v = a; ; v += step) {
      const text = num ? (v < 0 ? '-' + String(-v).padStart(width - 1, '0') : String(v).padStart(width, '0')) : String.fromCharCode(v);
      alts.push([...text].map((c) => lit(c.charCodeAt(0))));
      if (v === b) break;
    }
    return alts;
  }
}

function countAlternatives(seq: GlobNode[]): number {
  let n = 1;
  for (const node of seq) if (node.t === 'alt') n *= node.alts.reduce((sum, alt) => sum + countAlternatives(alt), 0);
  return n;
}

const isSlash = (n: GlobNode | undefined) => n?.t === 'lit' && n.c === SLASH;
const startsWithGlobstar = (seq: GlobNode[]): boolean =>
  seq[0]?.t === 'globstar' || (seq[0]?.t === 'alt' && seq[0].alts.some(startsWithGlobstar));
const endsWithGlobstar = (seq: GlobNode[]): boolean => {
  const last = seq.at(-1);
  return last?.t === 'globstar' || (last?.t === 'alt' && last.alts.some(endsWithGlobstar));
};

/**
 * `a/{**,b}/c` means `a/**\/c` or `a/b/c`: a `**` swallows one of its slashes, so a slash
 * next to braces whose alternatives start (or end) with `**` moves into each alternative,
 * where the compiler sees both.
 */
function distributeSlashes(seq: GlobNode[]): GlobNode[] {
  const out: GlobNode[] = [];
  for (let i = 0; i < seq.length; i++) {
    const node = seq[i];
    if (node.t !== 'alt') { out.push(node); continue; }
    let alts = node.alts;
    if (isSlash(out.at(-1)) && alts.some(startsWithGlobstar)) {
      const slash = out.pop()!;
      alts = alts.map((a) => [slash, ...a]);
    }
    if (isSlash(seq[i + 1]) && alts.some(endsWithGlobstar)) {
      const slash = seq[++i];
      alts = alts.map((a) => [...a, slash]);
    }
    out.push({ t: 'alt', alts: alts.map(distributeSlashes) });
  }
  return out;
}
