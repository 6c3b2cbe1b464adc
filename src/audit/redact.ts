const BUILTIN_KEYS = [
  'password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'authorization', 'auth', 'cookie',
  'credential', 'credentials', 'privatekey', 'accesskey', 'secretkey', 'clientsecret', 'sessionid',
];

// Token shapes that are secrets wherever they appear, even under a harmless key.
const SHAPES: Array<[string, RegExp]> = [
  // A block cut off before its END line (a truncated paste) is still key material.
  ['pem', /-----BEGIN [A-Z0-9 ]+-----(?:[\s\S]*?-----END [A-Z0-9 ]+-----|[\s\S]*$)/g],
  ['jwt', /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g],
  ['bearer', /\bBearer\s+[A-Za-z0-9._~+/-]+=*/gi],
  ['api-key', /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g],
  ['github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g],
  ['aws-access-key', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/g],
];

/** Longer strings are stored as a prefix plus their length: the audit log is not a file store. */
export const MAX_STORED_STRING = 4096;
const SCAN_MARGIN = 1024;

// One cheap pass that every shape above needs to match; most values have none of these.
const MAYBE_SECRET = /-----BEGIN|eyJ|bearer|sk-|gh[pousr]_|github_pat_|AKIA|ASIA|xox/i;

const normalize = (key: string) => key.toLowerCase().replace(/[-_ ]/g, '');

const KEY_CACHE_SIZE = 1024;

/** Deeper than this, a subtree is not walked but replaced: it must not pass unredacted. */
const MAX_DEPTH = 20;

/** Compiled once per config (pino's way): returns a function that redacts a value tree. */
export function createRedactor(extraKeys: readonly string[] = []) {
  const keys = new Set(extraKeys.map(normalize));
  const builtin = BUILTIN_KEYS.map(normalize);

  const redactString = (value: string): string => {
    // Cut long values before scanning (a written file can be megabytes), with a margin
    // so a token that straddles the final cut is still whole when the shapes run.
    let out = value.length > MAX_STORED_STRING + SCAN_MARGIN ? value.slice(0, MAX_STORED_STRING + SCAN_MARGIN) : value;
    if (MAYBE_SECRET.test(out)) {
      for (const [kind, shape] of SHAPES) out = out.replace(shape, `[redacted:${kind}]`);
    }
    if (value.length > MAX_STORED_STRING) {
      out = `${out.slice(0, MAX_STORED_STRING)}…[${value.length - MAX_STORED_STRING} more characters not stored]`;
    }
    return out;
  };

  // Configured names match exactly; built-in words also as the end of a compound
  // name (`access_token`, `GITHUB_TOKEN`, `dbPassword`).
  const isSecretKey = (key: string) => {
    const k = normalize(key);
    return keys.has(k) || builtin.some((word) => k.endsWith(word));
  };
  // Argument names repeat on every call: each one's stored form and verdict is worked
  // out once (a bounded cache, since names come from the agent).
  const keyCache = new Map<string, { stored: string; secret: boolean }>();
  const judgeKey = (key: string) => {
    let judged = keyCache.get(key);
    if (!judged) {
      judged = { stored: redactString(key), secret: isSecretKey(key) };
      if (keyCache.size < KEY_CACHE_SIZE && key.length <= 64) keyCache.set(key, judged);
    }
    return judged;
  };

  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_DEPTH) return `[not stored: nested deeper than ${MAX_DEPTH} levels]`;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = judgeKey(k);
      const stored = key.secret ? '[redacted]' : walk(v, depth + 1);
      // A `__proto__` key assigned would set the prototype and vanish from the stored
      // JSON, hiding its content from the audit log: it is defined as data instead.
      if (key.stored === '__proto__') Object.defineProperty(out, key.stored, { value: stored, enumerable: true, writable: true, configurable: true });
      else out[key.stored] = stored;
    }
    return out;
  };

  return (value: unknown): unknown => walk(value, 0);
}
