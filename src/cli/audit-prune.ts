import fs from 'node:fs';
import { openAuditDatabase } from '../audit/store.js';
import { pruneBefore } from '../audit/prune.js';
import { parse, out, err, UsageError } from './args.js';
import { auditOption, target, timeFlag } from './audit-common.js';

/** `audit prune --before DATE [--dry-run]`: removes old rows and leaves a checkpoint so verify still passes. */
export async function prune(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...auditOption, before: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  const { file, retainDays } = target(values);
  const before = values.before !== undefined ? timeFlag('before', values.before)
    : retainDays ? new Date(Date.now() - retainDays * 864e5).toISOString() : undefined;
  if (!before) throw new UsageError('audit prune needs --before DATE (an ISO time or a relative one such as 90d), or audit.retainDays in the config.');
  if (!fs.existsSync(file)) { err(`Cannot read the audit log ${file}: no such file.`); return 2; }
  let db;
  try {
    db = await openAuditDatabase(file);
  } catch (error) {
    err(`Cannot open the audit log ${file} for writing: ${(error as Error).message}`);
    return 2;
  }
  try {
    const result = pruneBefore(db, before, { dryRun: values['dry-run'] });
    if ('tampered' in result) {
      out(`Not pruned: the audit log ${file} was TAMPERED with (row ${result.tampered.id}: ${result.tampered.problem}); pruning would destroy the evidence.`);
      return 1;
    }
    if ('reason' in result) { out(`Nothing to prune: ${result.reason}.`); return 0; }
    const verb = values['dry-run'] ? 'Would prune' : 'Pruned';
    out(`${verb} ${result.pruned} rows older than ${before} (through row ${result.checkpoint.prunedThrough}); ${result.remaining} rows remain, starting with a checkpoint that carries the hash ${result.checkpoint.lastHash}.`);
    return 0;
  } catch (error) {
    err(`Cannot prune ${file}: ${(error as Error).message}`);
    return 2;
  } finally { db.close(); }
}
