import { callRows, detailOf, toExport } from '../audit/query.js';
import { cutNote, isCut, keptOf } from '../audit/cap.js';
import { parse, out, err, UsageError } from './args.js';
import { auditOption, openReadOnly, resourceText, shown, target } from './audit-common.js';

const DETAIL_LABELS: Record<string, string> = {
  step: 'decided at step', permission: 'permission', policyId: 'policy', implicit: 'implicit deny (no role grants it)',
  approval: 'human approval', rule: 'rule',
};

/** `audit show CALL`: the decision and outcome rows of one call with the full explanation. */
export async function show(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...auditOption, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('audit show takes one call id (or a unique prefix of it, at least 4 characters).');
  const { file, key } = target(values);
  const db = await openReadOnly(file);
  if (!db) return 2;
  try {
    const { rows, ambiguous } = callRows(db, positionals[0]);
    if (ambiguous) { err(`"${shown(positionals[0])}" matches several calls: ${ambiguous.join(', ')}. Give more of the id.`); return 1; }
    if (!rows.length) { err(`No call ${shown(positionals[0])} in ${file}.`); return 1; }
    for (const stored of rows) {
      const row = toExport(stored, key);
      const detail = detailOf(stored);
      if (values.json) { out(JSON.stringify({ ...row, detail })); continue; }
      out(`${row.kind} row ${row.id} at ${row.ts}`);
      const field = (label: string, value: unknown) => {
        if (value !== null && value !== undefined && value !== '') out(`  ${label.padEnd(12)} ${shown(value)}`);
      };
      field('call', row.call); field('session', row.session); field('principal', row.principal); field('client', row.client);
      // A column the store cut shows what it kept, then says so (its size and digest).
      const withNote = (stored: unknown, text: unknown) => (isCut(stored) ? `${shown(text)} ${cutNote(stored)}` : text);
      const resource = keptOf(row.resource);
      field('tool', row.tool); field('resource', withNote(row.resource, resourceText(resource) || resource)); field('args', withNote(row.args, keptOf(row.args)));
      field('decision', row.decision); field('outcome', row.outcome);
      field('duration', row.durationMs === null ? null : `${row.durationMs} ms`); field('bytes', row.bytes);
      field('explanation', row.reason);
      for (const [k, v] of Object.entries(detail)) if (v !== undefined && v !== false) field(DETAIL_LABELS[k] ?? k, v);
      if (isCut(row.error)) field('error', withNote(row.error, row.error.kept));
      else if (row.error && typeof row.error === 'object') {
        const e = row.error as Record<string, unknown>;
        field('error', `${shown(e.code)}: ${shown(e.message)}${e.rule ? ` (rule ${shown(e.rule)})` : ''}`);
      } else field('error', row.error);
    }
    return 0;
  } finally { db.close(); }
}
