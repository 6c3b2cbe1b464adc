import fs from 'node:fs';
import path from 'node:path';
import { renderReport } from '../audit/report.js';
import { parse, out, err, UsageError } from './args.js';
import { auditOption, countFlag, filterOptions, openReadOnly, readFilter, target } from './audit-common.js';

/** `audit report --out FILE.html [filters] [--limit N]`: one self-contained HTML file. */
export async function report(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...auditOption, ...filterOptions, out: { type: 'string', short: 'o' }, limit: { type: 'string' } });
  if (!values.out) throw new UsageError('audit report needs --out FILE.html.');
  const filter = readFilter(values);
  const limit = countFlag('limit', values.limit);
  const { file, key } = target(values);
  const db = await openReadOnly(file, filter);
  if (!db) return 2;
  try {
    const html = renderReport(db, { filter, limit, key, source: path.basename(file) });
    fs.writeFileSync(values.out, html, { mode: 0o600 });
    out(`Wrote ${values.out} (${Math.round(Buffer.byteLength(html) / 1024)} KiB).`);
    return 0;
  } catch (error) {
    err(`Cannot write the report: ${(error as Error).message}`);
    return 2;
  } finally { db.close(); }
}
