import fs from 'node:fs';
import { once } from 'node:events';
import { EXPORT_FIELDS, iterateEvents, toExport, type ExportRow } from '../audit/query.js';
import { parse, err, UsageError } from './args.js';
import { auditOption, countFlag, filterOptions, jsonLine, lineWriter, openReadOnly, readFilter, target } from './audit-common.js';
import { forPeople } from '../text/for-people.js';

/**
 * One CSV cell (RFC 4180). Objects are JSON. The values come from the agent and a CSV is
 * read by people (a terminal, a spreadsheet): controls, bidi and invisible characters are
 * shown as escapes through the one renderer (raw, OSC 52 would write the clipboard of
 * whoever `cat`s the export), and a cell that a spreadsheet would run as a formula (`=`,
 * `+`, `-`, `@` first) gets a leading `'` (OWASP CSV injection). Nothing is cut. So a CSV
 * is for reading: JSONL is the lossless format.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = forPeople(value, Number.POSITIVE_INFINITY);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (row: ExportRow) => EXPORT_FIELDS.map((f) => csvCell(row[f])).join(',');

/** `audit export --format jsonl|csv [--out FILE]`: every matching row, oldest first, the fields of ARCHITECTURE.md §6. */
export async function exportVerb(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...auditOption, ...filterOptions, format: { type: 'string' }, out: { type: 'string', short: 'o' }, limit: { type: 'string' } });
  const format = values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format is jsonl or csv; got "${format}".`);
  const filter = { ...readFilter(values), limit: countFlag('limit', values.limit) };
  const { file, key } = target(values);
  const db = await openReadOnly(file, filter);
  if (!db) return 2;
  let stream: NodeJS.WritableStream = process.stdout;
  let fileStream: fs.WriteStream | undefined;
  try {
    if (values.out) {
      // Exported rows hold what the agent did: readable by the owner only, like the log itself.
      fileStream = fs.createWriteStream(values.out, { mode: 0o600 });
      await once(fileStream, 'open');
      stream = fileStream;
    }
    const writer = lineWriter(stream);
    if (format === 'csv') writer.line(EXPORT_FIELDS.join(','));
    let rows = 0;
    for (const stored of iterateEvents(db, filter)) {
      const row = toExport(stored, key);
      const wait = writer.line(format === 'csv' ? csvLine(row) : jsonLine(row));
      if (wait) await wait;
      rows += 1;
    }
    await writer.flush();
    if (fileStream) {
      fileStream.end();
      await once(fileStream, 'finish');
      err(`Exported ${rows} rows to ${values.out} (${format}).`);
    }
    return 0;
  } catch (error) {
    err(`Cannot export: ${(error as Error).message}`);
    return 2;
  } finally {
    db.close();
    fileStream?.destroy();
  }
}
