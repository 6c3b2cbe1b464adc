/** A glob that cannot be compiled: bad syntax, an unsupported construct, or over a limit. */
export class GlobError extends Error {
  /** The limit that refused the glob (e.g. `glob.maxLength`) and the value it allows. */
  readonly limit?: { name: string; allowed: number };

  constructor(message: string, limit?: { name: string; allowed: number }) {
    super(message);
    this.name = 'GlobError';
    if (limit) this.limit = limit;
  }
}

// A refusal quotes the glob only as a bounded excerpt: a 1 MB pattern must not come back whole.
const EXCERPT = 80;

/** The glob as an error message quotes it: JSON-quoted, cut at 80 characters with the full length. */
export function quoteGlob(glob: string, withLength = true): string {
  if (glob.length <= EXCERPT) return JSON.stringify(glob);
  return `${JSON.stringify(glob.slice(0, EXCERPT))}…${withLength ? ` (${glob.length} characters)` : ''}`;
}
