import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { openAuditDatabase } from '../audit/store.js';
import { loadKey } from '../audit/crypto.js';
import { catchUpFullText } from '../audit/fts.js';
import { parseTime, type SearchFilter } from '../audit/query.js';
import { globProblem } from '../glob/index.js';
import { configOption, err, UsageError } from './args.js';
import { configOrExit } from './config.js';
import { forPeople } from '../text/for-people.js';

/** `--config` or `--audit PATH`: every audit verb takes them. */
export const auditOption = { ...configOption, audit: { type: 'string' } } as const;

/** The filters of `audit search`, shared by export, stats and report. */
export const filterOptions = {
  tool: { type: 'string' }, decision: { type: 'string' }, outcome: { type: 'string' },
  principal: { type: 'string' }, session: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' },
  resource: { type: 'string' }, text: { type: 'string' },
} as const;

export interface AuditTarget {
  file: string;
  /** The args key, only when the config names one and it is present in the environment. */
  key?: Buffer;
  retainDays?: number;
}

/** The audit file and (if configured and present) its key, from --audit or the config. */
export function target(values: { config?: string; audit?: string }): AuditTarget {
  if (values.audit && !values.config) return { file: values.audit };
  const config = configOrExit(values.config);
  let key: Buffer | undefined;
  if (config.audit.encryption) { try { key = loadKey(config.audit.encryption.keyEnv); } catch { key = undefined; } }
  return { file: values.audit ?? config.auditPath, key, retainDays: config.audit.retainDays };
}

/**
 * Opens the log read-only; prints why not and returns undefined (exit 2). For a `--text`
 * search it first brings the full-text index up to date, when the file is writable;
 * when it is not, the rows past the index are scanned instead (slower, same answer).
 */
export async function openReadOnly(file: string, filter: { text?: string } = {}): Promise<BetterSqlite3.Database | undefined> {
  try {
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
    if (filter.text !== undefined) await indexText(file);
    return await openAuditDatabase(file, { readonly: true });
  } catch (error) {
    err(`Cannot read the audit log ${file}: ${(error as Error).message}`);
    return undefined;
  }
}

async function indexText(file: string): Promise<void> {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = await openAuditDatabase(file);
    catchUpFullText(db);
  } catch { /* read-only file or busy: the search scans the rows the index lacks */ } finally { db?.close(); }
}

/** An ISO time or a relative one (`2h`, `7d`) as ISO, or a usage error naming the flag. */
export function timeFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = parseTime(value);
  if (!t) throw new UsageError(`--${flag} takes an ISO time or a relative one such as 30m, 2h, 7d; got "${value}".`);
  return t;
}

/** A positive whole number flag, or a usage error. */
export function countFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0)) throw new UsageError(`--${flag} takes a positive whole number; got "${value}".`);
  return n;
}

/** The search filter from parsed flags, each checked. */
export function readFilter(values: Partial<Record<keyof typeof filterOptions, string>>): SearchFilter {
  if (values.decision !== undefined && !['allow', 'deny', 'ask'].includes(values.decision)) {
    throw new UsageError('--decision is one of allow, deny, ask.');
  }
  if (values.text !== undefined && !values.text.trim()) throw new UsageError('--text needs at least one word.');
  if (values.resource !== undefined && !values.resource) throw new UsageError('--resource needs a glob such as "/srv/app/**".');
  const badGlob = values.resource === undefined ? undefined : globProblem(values.resource);
  if (badGlob) throw new UsageError(`--resource: ${badGlob}.`);
  return {
    tool: values.tool, decision: values.decision, outcome: values.outcome, principal: values.principal,
    session: values.session, since: timeFlag('since', values.since), until: timeFlag('until', values.until),
    resource: values.resource, text: values.text,
  };
}

/**
 * A stored value for a terminal, through the one renderer (src/text): stored values are
 * hostile, so controls, bidi and invisible characters show as escapes, and one value
 * shows at most SHOWN_CHARS characters.
 */
export function shown(value: unknown, maxChars?: number): string {
  return forPeople(value, maxChars);
}

/** One stored row (or any value) as a JSON line: lossless, with invisible characters as `\\u` escapes. */
export { jsonLine } from '../text/json-for-people.js';
export { resourceText } from '../audit/resource-text.js';

/**
 * Writes lines in chunks (a million rows through one `write` each would be slow) and
 * waits for the stream to drain, so an export of any size runs in bounded memory. A
 * reader that went away (EPIPE) ends the output quietly: later lines are dropped and
 * `closed` says so. Any other write error (a full disk) is thrown from the next call.
 */
export function lineWriter(stream: NodeJS.WritableStream, chunkSize = 1 << 16) {
  let buffer = '';
  let closed = false;
  let failure: Error | undefined;
  let waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
    else failure ??= error;
    if (failure) waiting?.reject(failure);
    else waiting?.resolve();
    waiting = undefined;
  });
  const write = (): Promise<void> | undefined => {
    if (failure) throw failure;
    const chunk = buffer;
    buffer = '';
    if (closed || stream.write(chunk)) return undefined;
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject };
      stream.once('drain', () => { waiting = undefined; resolve(); });
    });
  };
  return {
    get closed() { return closed; },
    /** Returns a promise only when the stream asked to wait. */
    line(text: string): Promise<void> | undefined {
      if (closed) return undefined;
      buffer += `${text}\n`;
      return buffer.length >= chunkSize ? write() : undefined;
    },
    async flush(): Promise<void> { if (buffer) await write(); },
  };
}
