import type { z } from 'zod';

/** One config problem, located by key path (`filesystem.roots[0].access`). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Thrown by the loader; lists every problem so the user fixes them in one go. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  readonly source?: string;

  constructor(issues: ConfigIssue[], source?: string) {
    const where = source ? ` in ${source}` : '';
    super(`Invalid config${where}:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
    this.source = source;
  }
}

export const formatIssue = (issue: ConfigIssue) => `  ${issue.path || '(top level)'}: ${issue.message}`;

/**
 * How a message quotes a value and a key name. A config's values are its author's; the
 * validate step quotes an agent's arguments, which can be megabytes of anything, and hands
 * in the renderer for people (src/text) instead (issue 15 §2).
 */
export interface Quoting {
  value(value: unknown): string;
  key(name: string): string;
}

const QUOTED_CHARS = 80;

/** Config values as JSON, at most QUOTED_CHARS of them. */
export const CONFIG_QUOTING: Quoting = {
  value(value) {
    let json: string;
    try { json = JSON.stringify(value) ?? String(value); } catch { json = String(value); }
    return json.length > QUOTED_CHARS ? `${json.slice(0, QUOTED_CHARS)}… (${json.length} characters in all)` : json;
  },
  key: (name) => (name.length > QUOTED_CHARS ? `${name.slice(0, QUOTED_CHARS)}…` : name),
};

/** `['filesystem', 'roots', 0, 'access']` → `filesystem.roots[0].access`. */
export function keyPath(segments: ReadonlyArray<PropertyKey>, quote: Quoting = CONFIG_QUOTING): string {
  return segments.reduce<string>((acc, seg) => {
    if (typeof seg === 'number') return `${acc}[${seg}]`;
    const name = quote.key(String(seg));
    return acc ? `${acc}.${name}` : name;
  }, '');
}

/** A message that ends by quoting the value it is about: `expected …, got "x"`. */
export const withInput = (message: string, input: unknown, quote: Quoting = CONFIG_QUOTING) => `${message}, got ${quote.value(input)}`;

/** Says what was wrong and what is allowed, in the words of ARCHITECTURE.md §11. */
export function fromZodIssue(
  issue: z.core.$ZodIssue,
  unknownKey = 'unknown key; check the spelling (unknown keys are refused so that a typo cannot weaken a rule)',
  quote: Quoting = CONFIG_QUOTING,
): ConfigIssue[] {
  const show = quote.value;
  const path = keyPath(issue.path, quote);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: keyPath([...issue.path, key], quote),
        message: unknownKey,
      }));
    case 'invalid_value':
      return [{ path, message: `${show(input)} is not one of ${issue.values.map(String).join(', ')}` }];
    case 'invalid_type':
      return [{ path, message: `expected ${issue.expected}, got ${input === undefined ? 'nothing' : show(input)}` }];
    case 'invalid_union': {
      // When exactly one form has no unknown key, that is the form the user was
      // writing: report its own problems by key path (`windowMs: expected number`).
      const meant = issue.errors.filter((errs) => !errs.some((e) => e.code === 'unrecognized_keys'));
      if (meant.length === 1 && meant[0].length) {
        return meant[0].flatMap((e) => fromZodIssue({ ...e, path: [...issue.path, ...e.path], input: (e as { input?: unknown }).input } as z.core.$ZodIssue, unknownKey, quote));
      }
      return [{ path, message: `${show(input)} does not fit any allowed form (${unionHint(issue, quote)})` }];
    }
    case 'invalid_key':
      return [{ path, message: `${show(issue.path[issue.path.length - 1])} is not an allowed name: ${issue.issues.map((e) => e.message).join('; ')}` }];
    default:
      return [{ path, message: input === undefined ? issue.message : withInput(issue.message, input, quote) }];
  }
}

function unionHint(issue: z.core.$ZodIssueInvalidUnion, quote: Quoting): string {
  const forms = issue.errors.map((errs) => errs.map((e) => `${keyPath(e.path, quote) || 'value'}: ${e.message}`).join('; '));
  return forms.join(' | ');
}
