const BUILTIN_KEYS = [
  'password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'authorization', 'auth', 'cookie',
  'credential', 'credentials', 'privatekey', 'accesskey', 'secretkey', 'clientsecret', 'sessionid',
];

// Token shapes that are secrets wherever they appear, even under a harmless key.
const SHAPES: Array<[string, RegExp]> = [
  ['pem', /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g],
  ['jwt', /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g],
  ['bearer', /\bBearer\s+[A-Za-z0-9._~+/-]+=*/gi],
  ['api-key', /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g],
  ['github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g],
  ['aws-access-key', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/g],
];

/** Longer strings are stored as a prefix plus their length: the audit log is not a file store. */
export const MAX_STORED_STRING = 4096;

const normalize = (key: string) => key.toLowerCase().replace(/[-_ ]/g, '');

/** Compiled once per config (pino's way): returns a function that redacts a value tree. */
export function createRedactor(extraKeys: readonly string[] = []) {
  const keys = new Set([...BUILTIN_KEYS, ...extraKeys].map(normalize));

  const redactString = (value: string): string => {
    let out = value;
    for (const [kind, shape] of SHAPES) out = out.replace(shape, `[redacted:${kind}]`);
    if (out.length > MAX_STORED_STRING) {
      out = `${out.slice(0, MAX_STORED_STRING)}…[${out.length - MAX_STORED_STRING} more characters not stored]`;
    }
    return out;
  };

  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (depth > 20 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = keys.has(normalize(k)) ? '[redacted]' : walk(v, depth + 1);
    }
    return out;
  };

  return (value: unknown): unknown => walk(value, 0);
}
