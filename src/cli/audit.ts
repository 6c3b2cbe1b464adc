import { verifyChain } from '../audit/verify.js';
import { iterateEvents, toExport } from '../audit/query.js';
import { parse, out, err, UsageError } from './args.js';
import { auditOption, countFlag, filterOptions, jsonLine, lineWriter, openReadOnly, readFilter, shown, target } from './audit-common.js';

/**
 * A chain proves the order and content of the rows it has, not that none were cut from
 * its end: `--head HASH` (a head printed earlier and kept elsewhere) proves that every
 * row up to that one is still there, unchanged.
 */
async function verify(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...auditOption, head: { type: 'string' } });
  if (values.head !== undefined && !/^[0-9a-f]{64}$/.test(values.head)) throw new UsageError('--head takes a row hash as `audit verify` prints it (64 hex digits).');
  const { file } = target(values);
  const db = await openReadOnly(file);
  if (!db) return 2;
  try {
    const result = verifyChain(db);
    if (result.ok) {
      const pruned = result.checkpoint
        ? ` It starts at a prune checkpoint: ${result.checkpoint.prunedRows} rows older than ${result.checkpoint.before} were removed on purpose (through row ${result.checkpoint.prunedThrough}).`
        : '';
      out(`Audit log ${file} is intact: ${result.rows} rows, hash chain verified.${pruned}`);
      if (result.head) out(`Head: row ${result.head.id}, hash ${result.head.hash}. Keep it elsewhere; \`audit verify --head HASH\` later proves no row up to it was removed or rewritten.`);
      if (values.head !== undefined) {
        const found = db.prepare<[string], { id: number }>('SELECT id FROM events WHERE hash = ?').get(values.head);
        if (!found) {
          out(`The recorded head ${values.head} is NOT in the log: rows up to it were removed or rewritten${result.checkpoint ? ' (or pruned away)' : ''}.`);
          return 1;
        }
        out(`The recorded head is row ${found.id}: every row up to it is present and unchanged.`);
      }
      return 0;
    }
    out(`Audit log ${file} was TAMPERED with: row ${result.id}: ${result.problem}. ${result.rows} rows before it verified.`);
    return 1;
  } catch (error) {
    err(`Cannot read the audit log ${file}: ${(error as Error).message}`);
    return 2;
  } finally { db.close(); }
}

async function search(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...auditOption, ...filterOptions, limit: { type: 'string' }, json: { type: 'boolean' } });
  const filter = { ...readFilter(values), limit: countFlag('limit', values.limit) };
  const { file, key } = target(values);
  const db = await openReadOnly(file, filter);
  if (!db) return 2;
  try {
    const writer = lineWriter(process.stdout);
    for (const stored of iterateEvents(db, filter)) {
      const row = toExport(stored, key);
      const line = values.json ? jsonLine(row)
        : `${shown(row.ts, 40)} ${shown(row.kind, 20).padEnd(8)} ${shown(row.tool, 80).padEnd(24)} ${shown(row.decision ?? row.outcome, 40)} ${shown(row.reason)}`;
      const wait = writer.line(line);
      if (wait) await wait;
    }
    await writer.flush();
    return 0;
  } finally { db.close(); }
}

type Verb = (argv: string[]) => Promise<number>;

// Each verb loads only what it uses.
const AUDIT_VERBS: Record<string, () => Promise<Verb>> = {
  tail: async () => (await import('./audit-tail.js')).tail,
  search: async () => search,
  show: async () => (await import('./audit-show.js')).show,
  verify: async () => verify,
  export: async () => (await import('./audit-export.js')).exportVerb,
  stats: async () => (await import('./audit-stats.js')).stats,
  prune: async () => (await import('./audit-prune.js')).prune,
  report: async () => (await import('./audit-report.js')).report,
};

export async function auditCommand(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const load = verb && Object.hasOwn(AUDIT_VERBS, verb) ? AUDIT_VERBS[verb] : undefined;
  if (!load) throw new UsageError(`audit needs a verb: ${Object.keys(AUDIT_VERBS).join(', ')}.`);
  return (await load())(rest);
}
