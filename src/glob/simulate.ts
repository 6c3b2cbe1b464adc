import type { CharClass } from './parse.js';
import { Op, type Program } from './program.js';

const SLASH = 47;

function inClass(cls: CharClass, c: number): boolean {
  const { ranges } = cls;
  for (let i = 0; i < ranges.length; i += 2) if (c >= ranges[i] && c <= ranges[i + 1]) return true;
  return false;
}

function classTest(cls: CharClass, c: number, nocase: boolean): boolean {
  if (c === SLASH) return false;
  let hit = inClass(cls, c);
  if (!hit && nocase) {
    const up = String.fromCharCode(c).toUpperCase().charCodeAt(0);
    hit = up !== c && inClass(cls, up);
  }
  return hit !== cls.negated;
}

/**
 * Runs the automaton over the input with a set of states (no backtracking): per input
 * character each instruction is visited at most once, so a match costs O(states × length).
 */
export function simulate(prog: Program, nocase: boolean): (input: string) => boolean {
  const { op, arg, x, y, classes } = prog;
  const n = op.length;
  let current = new Int32Array(n);
  let next = new Int32Array(n);
  const stack = new Int32Array(n);
  const mark = new Uint32Array(n);
  let gen = 0;
  let matched = false;

  // Adds pc and everything reachable from it without consuming; returns the new count.
  const add = (list: Int32Array, count: number, pc: number): number => {
    let sp = 0;
    stack[sp++] = pc;
    while (sp > 0) {
      const p = stack[--sp];
      const o = op[p];
      if (o === Op.Split) {
        const b = y[p], a = x[p];
        if (mark[b] !== gen) { mark[b] = gen; stack[sp++] = b; }
        if (mark[a] !== gen) { mark[a] = gen; stack[sp++] = a; }
      } else if (o === Op.Jmp) {
        const a = x[p];
        if (mark[a] !== gen) { mark[a] = gen; stack[sp++] = a; }
      } else if (o === Op.Match) matched = true;
      else list[count++] = p;
    }
    return count;
  };

  return (raw: string) => {
    const input = nocase ? raw.toLowerCase() : raw;
    if (gen > 0xfffffff0) { mark.fill(0); gen = 0; }
    gen++;
    matched = false;
    mark[0] = gen;
    let count = add(current, 0, 0);
    for (let i = 0; i < input.length; i++) {
      if (count === 0) return false;
      const c = input.charCodeAt(i);
      const g = ++gen;
      matched = false;
      let nextCount = 0;
      for (let k = 0; k < count; k++) {
        const p = current[k];
        const o = op[p];
        if (o === Op.Lit ? arg[p] !== c : o === Op.One ? c === SLASH : o === Op.Class && !classTest(classes[arg[p]], c, nocase)) continue;
        const q = p + 1;
        if (mark[q] === g) continue;
        mark[q] = g;
        const oq = op[q];
        // Most successors consume (a run of literals): no closure walk needed.
        if (oq !== Op.Split && oq !== Op.Jmp && oq !== Op.Match) next[nextCount++] = q;
        else nextCount = add(next, nextCount, q);
      }
      const t = current; current = next; next = t;
      count = nextCount;
    }
    return matched;
  };
}
