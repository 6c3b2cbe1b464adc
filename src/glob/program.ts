import type { CharClass, GlobNode } from './parse.js';

/** Instructions of the automaton; a consuming one continues at the next index. */
export const Op = { Match: 0, Lit: 1, One: 2, Any: 3, Class: 4, Split: 5, Jmp: 6 } as const;
type Op = (typeof Op)[keyof typeof Op];

/** A Thompson automaton as flat arrays: `arg` is the code unit or class index, `x`/`y` the jump targets. */
export interface Program { op: Uint8Array; arg: Int32Array; x: Int32Array; y: Int32Array; classes: CharClass[] }

const SLASH = 47;
const isSlash = (n: GlobNode | undefined) => n?.t === 'lit' && n.c === SLASH;

/**
 * Compiles alternatives (one per pattern) into one automaton. Its size is linear in the
 * pattern text (each element is one to three instructions), which is what makes a match
 * O(pattern × input): the simulation visits each instruction at most once per character.
 */
export function compileProgram(patterns: GlobNode[][], nocase: boolean): Program {
  const op: number[] = [], arg: number[] = [], x: number[] = [], y: number[] = [];
  const classes: CharClass[] = [];
  const emit = (o: Op, a = 0, tx = 0, ty = 0) => { op.push(o); arg.push(a); x.push(tx); y.push(ty); return op.length - 1; };
  const lower = (c: number) => (nocase ? String.fromCharCode(c).toLowerCase().charCodeAt(0) : c);
  // e* : L: split(L+1, out); e; jmp L
  const loop = (body: () => void) => {
    const l = emit(Op.Split);
    x[l] = l + 1;
    body();
    emit(Op.Jmp, 0, l);
    y[l] = op.length;
  };
  const optional = (body: () => void) => {
    const l = emit(Op.Split);
    x[l] = l + 1;
    body();
    y[l] = op.length;
  };
  // `**/` as a prefix: zero or more whole segments, each with its slash.
  const segments = () => optional(() => { emit(Op.Any); loop(() => emit(Op.Any)); emit(Op.Lit, SLASH); });
  const alternatives = (alts: GlobNode[][]) => {
    const jumps: number[] = [];
    alts.forEach((alt, k) => {
      if (k === alts.length - 1) { sequence(alt); return; }
      const l = emit(Op.Split);
      x[l] = l + 1;
      sequence(alt);
      jumps.push(emit(Op.Jmp));
      y[l] = op.length;
    });
    for (const j of jumps) x[j] = op.length;
  };
  const node = (n: GlobNode) => {
    switch (n.t) {
      case 'lit': emit(Op.Lit, lower(n.c)); break;
      case 'one': emit(Op.One); break;
      case 'star': loop(() => emit(Op.One)); break;
      case 'class': emit(Op.Class, classes.push(n.cls) - 1); break;
      case 'globstar': loop(() => emit(Op.Any)); break;
      case 'alt': alternatives(n.alts); break;
    }
  };
  // `**` is zero or more segments: `a/**/b` also matches `a/b`, `a/**` also `a`.
  function sequence(seq: GlobNode[]) {
    for (let i = 0; i < seq.length; i++) {
      const n = seq[i];
      if (isSlash(n) && seq[i + 1]?.t === 'globstar') {
        if (i + 2 === seq.length) { optional(() => { emit(Op.Lit, SLASH); loop(() => emit(Op.Any)); }); i += 1; continue; }
        if (isSlash(seq[i + 2])) { emit(Op.Lit, SLASH); segments(); i += 2; continue; }
      }
      if (n.t === 'globstar' && isSlash(seq[i + 1])) { segments(); i += 1; continue; }
      node(n);
    }
  }
  alternatives(patterns);
  emit(Op.Match);
  return { op: Uint8Array.from(op), arg: Int32Array.from(arg), x: Int32Array.from(x), y: Int32Array.from(y), classes };
}
