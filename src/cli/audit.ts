import type BetterSqlite3 from 'better-sqlite3';
import { openAuditDatabase } from '../audit/store.js';
import { verifyChain } from '../audit/verify.js';
import { searchEvents, toExport, parseTime } from '../audit/query.js';
import { loadKey } from '../audit/crypto.js';
import { parse, configOption, out, err, UsageError } from './args.js';
import { configOrExit } from './config.js';

const auditOption = { ...configOption, audit: { type: 'string' } } as const;

/** The audit file and (if configured and present) its key, from --audit or the config. */
function target(values: { config?: string; audit?: string }): { file: string; key?: Buffer } {
  if (values.audit) return { file: values.audit };
  const config = configOrExit(values.config);
  let key: Buffer | undefined;
  if (config.audit.encryption) { try { key = loadKey(config.audit.encryption.keyEnv); } catch { key = undefined; } }
  return { file: config.auditPath, key };
}

async function openReadOnly(file: string): Promise<BetterSqlite3.Database | undefined> {
  try {
    return await openAuditDatabase(file, { readonly: true });
  } catch (error) {
    err(`Cannot read the audit log ${file}: ${(error as Error).message}`);
    return undefined;
  }
}

async function verify(argv: string[]): Promise<number> {
  const { values } = parse(argv, auditOption);
  const { file } = target(values);
  const db = await openReadOnly(file);
  if (!db) return 2;
  try {
    const result = verifyChain(db);
    if (result.ok) { out(`Audit log ${file} is intact: ${result.rows} rows, hash chain verified.`); return 0; }
    out(`Audit log ${file} was TAMPERED with: row ${result.id}: ${result.problem}. ${result.rows} rows before it verified.`);
    return 1;
  } catch (error) {
    err(`Cannot read the audit log ${file}: ${(error as Error).message}`);
    return 2;
  } finally { db.close(); }
}

async function search(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...auditOption, tool: { type: 'string' }, decision: { type: 'string' }, outcome: { type: 'string' },
    principal: { type: 'string' }, session: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' },
    limit: { type: 'string' }, json: { type: 'boolean' },
  });
  if (values.decision && !['allow', 'deny', 'ask'].includes(values.decision)) throw new UsageError('--decision is one of allow, deny, ask.');
  const time = (flag: 'since' | 'until') => {
    if (!values[flag]) return undefined;
    const t = parseTime(values[flag]!);
    if (!t) throw new UsageError(`--${flag} takes an ISO time or a relative one such as 30m, 2h, 7d; got "${values[flag]}".`);
    return t;
  };
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError('--limit takes a positive whole number.');
  const { file, key } = target(values);
  const db = await openReadOnly(file);
  if (!db) return 2;
  try {
    const rows = searchEvents(db, {
      tool: values.tool, decision: values.decision, outcome: values.outcome, principal: values.principal,
      session: values.session, since: time('since'), until: time('until'), limit,
    }).map((row) => toExport(row, key));
    for (const row of rows) {
      out(values.json ? JSON.stringify(row) : `${row.ts} ${String(row.kind).padEnd(8)} ${String(row.tool).padEnd(24)} ${row.decision ?? row.outcome ?? ''} ${row.reason ?? ''}`);
    }
    return 0;
  } finally { db.close(); }
}

const AUDIT_VERBS: Record<string, (argv: string[]) => Promise<number>> = { verify, search };

export async function auditCommand(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const run = verb && Object.hasOwn(AUDIT_VERBS, verb) ? AUDIT_VERBS[verb] : undefined;
  if (!run) throw new UsageError(`audit needs a verb: ${Object.keys(AUDIT_VERBS).join(', ')}.`);
  return run(rest);
}
