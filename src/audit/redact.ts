import { SHAPES, MAYBE_SECRET, redactShapes } from './secret-shapes.js';

const BUILTIN_KEYS = [
  'password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'authorization', 'auth', 'cookie',
  'credential', 'credentials', 'privatekey', 'accesskey', 'secretkey', 'clientsecret', 'sessionid',
];

// Names that end in a secret word but hold a path or an action, never a secret: `OLDPWD`
// is a folder, and a redacted `path` would hide what the call touched.
const NEVER_SECRET = new Set(['path', 'paths', 'cwd', 'oldpwd', 'source', 'destination', 'command', 'sql', 'content']);

export { SHAPES, MAYBE_SECRET };

/** A string inside a stored value keeps at most this many characters (then the count of the rest). */
export const MAX_STORED_STRING = 4096;
// Shapes run over a little more than is kept, so a token that straddles the cut is whole
// when they run; a PEM block still open at the end of that window is the store's own cut.
const SCAN_MARGIN = 1024;

const normalize = (key: string) => key.toLowerCase().replace(/[-_ ]/g, '');

const KEY_CACHE_SIZE = 1024;
/** Keys up to this length are always stored whole (and cached); longer ones are cut like values. */
const SHORT_KEY = 64;

/** Deeper than this, a subtree is not walked but replaced: it must not pass unredacted. */
const MAX_DEPTH = 20;
const TOO_DEEP = `[not stored: nested deeper than ${MAX_DEPTH} levels]`;
/** The key under which an object cut by the budget says how many keys were left out. */
export const MORE_KEYS = '[not stored]';
/** What `redactor(value)` walks within: about one stored column. */
const DEFAULT_BUDGET = 16 * 1024;

/** A value with its secrets replaced; `complete` is false when the budget left something out. */
export interface Redacted {
  value: unknown;
  complete: boolean;
}

/** What `createRedactor` returns: one compiled redaction, used several ways. */
export interface Redactor {
  /** Secrets replaced, long strings cut, walked within the default budget. */
  (value: unknown): unknown;
  /**
   * Secrets replaced, walked within about `budget` characters of output: a million-element
   * array costs as much as the budget, not as much as the array.
   */
  within(value: unknown, budget: number): Redacted;
  /** One string, secrets replaced, cut at `limit` characters: the kept text and how many characters were left out. */
  string(value: string, limit: number): { text: string; rest: number };
  /**
   * The canonical JSON text of the value with every secret replaced and nothing cut:
   * what a cut column's digest is taken over. Linear in the value, native where it can be.
   */
  canonical(value: unknown): string;
  /** The same for a text column: the whole string, secrets replaced. */
  canonicalString(value: string): string;
}

interface WalkState {
  left: number;
  complete: boolean;
  /** Infinity for the canonical form: nothing is cut. */
  maxString: number;
}

/** Compiled once per config (pino's way): returns the redactor of a value tree. */
export function createRedactor(extraKeys: readonly string[] = []): Redactor {
  const keys = new Set(extraKeys.map(normalize));
  const builtin = BUILTIN_KEYS.map(normalize);

  // Configured names match exactly; built-in words also as the end of a compound
  // name (`access_token`, `GITHUB_TOKEN`, `dbPassword`), except names that hold paths.
  const isSecretKey = (key: string) => {
    const k = normalize(key);
    if (keys.has(k)) return true;
    return !NEVER_SECRET.has(k) && builtin.some((word) => k.endsWith(word));
  };

  const cutString = (value: string, limit: number): { text: string; rest: number } => {
    if (value.length <= limit) return { text: MAYBE_SECRET.test(value) ? redactShapes(value, false) : value, rest: 0 };
    // Cut before scanning (a written file can be megabytes), with a margin so a token
    // that straddles the cut is still whole when the shapes run.
    const window = value.length > limit + SCAN_MARGIN ? value.slice(0, limit + SCAN_MARGIN) : value;
    let text = MAYBE_SECRET.test(window) ? redactShapes(window, window.length < value.length) : window;
    text = text.slice(0, limit);
    // Never keep half a surrogate pair.
    if (/[\ud800-\udbff]$/.test(text)) text = text.slice(0, -1);
    return { text, rest: value.length - limit };
  };

  const storeString = (value: string, limit: number, state: WalkState): string => {
    // The common case, without the allocation of a cut.
    if (value.length <= limit) {
      state.left -= value.length + 2;
      return MAYBE_SECRET.test(value) ? redactShapes(value, false) : value;
    }
    const { text, rest } = cutString(value, limit);
    state.left -= text.length + 2;
    if (!rest) return text;
    state.complete = false;
    return `${text}…[${rest} more characters not stored]`;
  };

  // Argument names repeat on every call: each short one's stored form and verdict is
  // worked out once (a bounded cache, since names come from the agent).
  const keyCache = new Map<string, { stored: string; secret: boolean }>();
  const judgeKey = (key: string, state: WalkState) => {
    if (key.length > SHORT_KEY) {
      return { stored: storeString(key, Math.min(state.maxString, Math.max(state.left, 256)), state), secret: isSecretKey(key) };
    }
    let judged = keyCache.get(key);
    if (!judged) {
      judged = { stored: cutString(key, SHORT_KEY).text, secret: isSecretKey(key) };
      if (keyCache.size < KEY_CACHE_SIZE) keyCache.set(key, judged);
    }
    state.left -= judged.stored.length + 3;
    return judged;
  };

  const walk = (value: unknown, depth: number, state: WalkState): unknown => {
    if (typeof value === 'string') return storeString(value, Math.min(state.maxString, Math.max(state.left, 32)), state);
    if (value === null || typeof value !== 'object') {
      state.left -= 8;
      return value;
    }
    if (depth > MAX_DEPTH) {
      state.left -= TOO_DEEP.length;
      return TOO_DEEP;
    }
    state.left -= 2;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i += 1) {
        if (state.left <= 0) {
          out.push(`[${value.length - i} more items not stored]`);
          state.complete = false;
          break;
        }
        out.push(walk(value[i], depth + 1, state));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    // Object.keys, not entries: the names are listed natively, the values visited only within the budget.
    const names = Object.keys(value);
    for (let i = 0; i < names.length; i += 1) {
      if (state.left <= 0) {
        define(out, MORE_KEYS, `[${names.length - i} more keys not stored]`);
        state.complete = false;
        break;
      }
      const key = judgeKey(names[i], state);
      const stored = key.secret ? '[redacted]' : walk((value as Record<string, unknown>)[names[i]], depth + 1, state);
      define(out, key.stored, stored);
    }
    return out;
  };

  const within = (value: unknown, budget: number): Redacted => {
    const state: WalkState = { left: budget, complete: true, maxString: MAX_STORED_STRING };
    return { value: walk(value, 0, state), complete: state.complete };
  };

  // True when the canonical form differs from plain JSON by more than shapes: a secret
  // key name or a subtree too deep to walk. Visits objects only, so an array of a
  // million strings costs a million type checks.
  const needsWalk = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object') return false;
    if (depth > MAX_DEPTH) return true;
    if (Array.isArray(value)) {
      for (const v of value) if (v !== null && typeof v === 'object' && needsWalk(v, depth + 1)) return true;
      return false;
    }
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      if (isSecretKey(k) || needsWalk((value as Record<string, unknown>)[k], depth + 1)) return true;
    }
    return false;
  };

  // Without any shape in the text, only secret key names (and too-deep subtrees) change
  // the value: replaced here, sharing every untouched subtree, so no string is visited.
  const keysOnly = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_DEPTH) return TOO_DEEP;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i += 1) {
        const v = value[i];
        if (v === null || typeof v !== 'object') continue;
        const r = keysOnly(v, depth + 1);
        if (r !== v) (out ??= value.slice())[i] = r;
      }
      return out ?? value;
    }
    let out: Record<string, unknown> | undefined;
    const names = Object.keys(value);
    for (const k of names) {
      const v = (value as Record<string, unknown>)[k];
      const r = isSecretKey(k) ? '[redacted]' : keysOnly(v, depth + 1);
      if (r !== v && !out) {
        out = {};
        for (const n of names) define(out, n, (value as Record<string, unknown>)[n]);
      }
      if (out) define(out, k, r);
    }
    return out ?? value;
  };

  const canonical = (value: unknown): string => {
    const plain = JSON.stringify(value) ?? 'null';
    // The shapes' trigger words hold no character JSON escapes, so a secret in any
    // string or key shows in the plain text; without one, plain JSON is the redacted form.
    if (!MAYBE_SECRET.test(plain)) return needsWalk(value, 0) ? JSON.stringify(keysOnly(value, 0)) ?? 'null' : plain;
    const state: WalkState = { left: Infinity, complete: true, maxString: Infinity };
    return JSON.stringify(walk(value, 0, state)) ?? 'null';
  };

  const redactor = ((value: unknown) => within(value, DEFAULT_BUDGET).value) as Redactor;
  redactor.within = within;
  redactor.string = cutString;
  redactor.canonical = canonical;
  redactor.canonicalString = (value) => cutString(value, Infinity).text;
  return redactor;
}

// A `__proto__` key assigned would set the prototype and vanish from the stored JSON,
// hiding its content from the audit log: every key is defined as data instead.
function define(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
