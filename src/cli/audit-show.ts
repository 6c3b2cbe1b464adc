import { callRows, detailOf, toExport } from '../audit/query.js';
import { cutNote, isCut, keptOf } from '../audit/cap.js';
import { parse, out, err, UsageError } from './args.js';
import { auditOption, jsonLine, openReadOnly, resourceText, shown, target } from './audit-common.js';

const DETAIL_LABELS: Record<string, string> = {
  step: 'decided at step', permission: 'permission', policyId: 'policy', implicit: 'implicit deny (no role grants it)',
  approval: 'human approval', rule: 'rule',
};

// One call in full, yet bounded: a value longer than this is cut with its count (`--json` has it whole).
const SHOW_CHARS = 20_000;

/** `audit show CALL`: the decision and outcome rows of one call with the full explanation. */
export async function show(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...auditOption, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('audit show takes one call id (or a unique prefix of it, at least 4 characters).');
  const { file, key } = target(values);
  const db = await openReadOnly(file);
  if (!db) return 2;
  try {
    const { rows, ambiguous } = callRows(db, positionals[0]);
    if (ambiguous) { err(`"${shown(positionals[0], 80)}" matches several calls: ${ambiguous.map((id) => shown(id, 80)).join(', ')}. Give more of the id.`); return 1; }
    if (!rows.length) { err(`No call ${shown(positionals[0])} in ${file}.`); return 1; }
    for (const stored of rows) {
      const row = toExport(stored, key);
      const detail = detailOf(stored);
      if (values.json) { out(jsonLine({ ...row, detail })); continue; }
      out(`${shown(row.kind, 20)} row ${shown(row.id, 20)} at ${shown(row.ts, 40)}`);
      // `text` is already rendered for people (resourceText, or parts joined from shown values).
      const line = (label: string, text: string) => out(`  ${shown(label, 80).padEnd(12)} ${text}`);
      const field = (label: string, value: unknown) => {
        if (value !== null && value !== undefined && value !== '') line(label, shown(value, SHOW_CHARS));
      };
      field('call', row.call); field('session', row.session); field('principal', row.principal); field('client', row.client);
      field('tool', row.tool);
      // A column the store cut shows what it kept, then says so (its size and digest).
      const note = (stored: unknown) => (isCut(stored) ? ` ${shown(cutNote(stored), 200)}` : '');
      const resource = keptOf(row.resource);
      if (resourceText(resource)) line('resource', resourceText(resource) + note(row.resource));
      else field('resource', resource);
      const args = keptOf(row.args);
      if (args !== null && args !== undefined && args !== '') line('args', shown(args, SHOW_CHARS) + note(row.args));
      field('decision', row.decision); field('outcome', row.outcome);
      field('duration', row.durationMs === null ? null : `${row.durationMs} ms`); field('bytes', row.bytes);
      field('explanation', row.reason);
      for (const [k, v] of Object.entries(detail)) if (v !== undefined && v !== false) field(DETAIL_LABELS[k] ?? k, v);
      if (isCut(row.error)) line('error', shown(row.error.kept, SHOW_CHARS) + note(row.error));
      else if (row.error && typeof row.error === 'object') {
        const e = row.error as Record<string, unknown>;
        line('error', `${shown(e.code)}: ${shown(e.message)}${e.rule ? ` (rule ${shown(e.rule)})` : ''}`);
      } else field('error', row.error);
    }
    return 0;
  } finally { db.close(); }
}
