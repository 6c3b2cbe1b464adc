// First-occurrence search in time linear in text + pattern, for agent-supplied patterns.
// V8's String.prototype.indexOf/includes is quadratic on crafted input (a 4 MB run of
// "a" searched for 2,000 "a", one "b", 2,000 "a" takes seconds on the main thread), so
// edit_file never hands an agent's oldText to it. Knuth–Morris–Pratt, written out per
// element type (a closure per element read costs 10×), fed in slices so that a caller
// can let the event loop run between them.

function failures(p: ArrayLike<number>): Int32Array {
  const fail = new Int32Array(p.length);
  for (let i = 1, k = 0; i < p.length; i++) {
    while (k > 0 && p[i] !== p[k]) k = fail[k - 1];
    if (p[i] === p[k]) k++;
    fail[i] = k;
  }
  return fail;
}

/** A search for one pattern in text given slice by slice, in order. */
export class TextSearch {
  readonly #p: Uint16Array;
  readonly #fail: Int32Array;
  #k = 0;

  constructor(pattern: string) {
    this.#p = new Uint16Array(pattern.length);
    for (let i = 0; i < pattern.length; i++) this.#p[i] = pattern.charCodeAt(i);
    this.#fail = failures(this.#p);
  }

  /** Scans text[from, to); the index just past the first match, or -1 when not seen yet. */
  scan(text: string, from: number, to: number): number {
    const p = this.#p, fail = this.#fail, m = p.length;
    if (m === 0) return from;
    let k = this.#k;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      while (k > 0 && c !== p[k]) k = fail[k - 1];
      if (c === p[k]) k++;
      if (k === m) return i + 1;
    }
    this.#k = k;
    return -1;
  }
}

/** A search for a run of numbers in an array given slice by slice, in order. */
export class SequenceSearch {
  readonly #fail: Int32Array;
  #k = 0;

  constructor(private readonly pattern: Int32Array) { this.#fail = failures(pattern); }

  /** Scans text[from, to) (a slice may follow the previous one in a reused buffer); the index just past the first match, or -1. */
  scan(text: Int32Array, from: number, to: number): number {
    const p = this.pattern, fail = this.#fail, m = p.length;
    if (m === 0) return from;
    let k = this.#k;
    for (let i = from; i < to; i++) {
      const c = text[i];
      while (k > 0 && c !== p[k]) k = fail[k - 1];
      if (c === p[k]) k++;
      if (k === m) return i + 1;
    }
    this.#k = k;
    return -1;
  }
}

/** `text.indexOf(pattern)` in linear time (UTF-16 code units, as indexOf counts). */
export function indexOfText(text: string, pattern: string): number {
  const end = new TextSearch(pattern).scan(text, 0, text.length);
  return end === -1 ? -1 : end - pattern.length;
}
