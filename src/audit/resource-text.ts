/**
 * A canonical resource in one short phrase, for people: the approval question, the
 * audit CLI and the report. Keyed by type, since a command's `path` is only its cwd.
 */
export function resourceText(resource: unknown, arrow = ' → '): string {
  if (!resource || typeof resource !== 'object') return '';
  const r = resource as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  if (r.type === 'command' || (r.type === undefined && typeof r.command === 'string')) {
    return [String(r.command ?? ''), ...list(r.args)].join(' ').trim();
  }
  if (r.type === 'database' || (r.type === undefined && typeof r.database === 'string')) {
    const tables = list(r.tables);
    return `${String(r.database ?? '')}${tables.length ? ` (${tables.join(', ')})` : ''}`;
  }
  const paths = list(r.paths);
  if (paths.length > 1) return paths.join(arrow);
  return typeof r.path === 'string' ? r.path : '';
}
