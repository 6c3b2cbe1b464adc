import { z } from 'zod';
import type { Connection } from './runtime.js';

export const Description = z.object({
  database: z.string(),
  table: z.string(),
  type: z.enum(['table', 'view']),
  columns: z.array(z.object({
    name: z.string(), type: z.string(), notNull: z.boolean(), default: z.string().describe('the default as SQL text').nullable(), primaryKey: z.number(),
  })),
  indexes: z.array(z.object({ name: z.string(), unique: z.boolean(), columns: z.array(z.string()) })),
  foreignKeys: z.array(z.object({ table: z.string(), from: z.array(z.string()), to: z.array(z.string()), onDelete: z.string(), onUpdate: z.string() })),
});
export type Description = z.infer<typeof Description>;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Reads a table's shape with the server's own pragmas (the table was judged readable by
 * the guard). Foreign keys to hidden tables are left out: they would name them.
 */
export function describe({ db, guard }: Connection, database: string, table: string): Description {
  const type = guard.schema().byName.get(table.toLowerCase())?.type === 'view' ? 'view' : 'table';
  const columns = (db.pragma(`table_xinfo(${q(table)})`) as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }>)
    .filter((c) => c.hidden === 0 || c.hidden >= 2)
    .map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1, default: c.dflt_value, primaryKey: c.pk }));
  const indexes = (db.pragma(`index_list(${q(table)})`) as Array<{ name: string; unique: number }>).map((i) => ({
    name: i.name,
    unique: i.unique === 1,
    columns: (db.pragma(`index_info(${q(i.name)})`) as Array<{ name: string | null }>).map((c) => c.name ?? '<expression>'),
  }));
  const keys = new Map<number, Description['foreignKeys'][number]>();
  for (const f of db.pragma(`foreign_key_list(${q(table)})`) as Array<{ id: number; table: string; from: string; to: string | null; on_delete: string; on_update: string }>) {
    if (!guard.isVisible(f.table)) continue;
    const key = keys.get(f.id) ?? { table: f.table, from: [], to: [], onDelete: f.on_delete, onUpdate: f.on_update };
    key.from.push(f.from);
    key.to.push(f.to ?? '<primary key>');
    keys.set(f.id, key);
  }
  return { database, table, type, columns, indexes, foreignKeys: [...keys.values()] };
}
