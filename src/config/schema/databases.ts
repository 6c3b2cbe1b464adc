import { z } from 'zod';
import { section, positiveInt, record } from './common.js';

export const Database = section({
  path: z.string().min(1),
  access: z.enum(['read', 'read-write']).default('read'),
  tables: section({
    /** Table-name globs; the default allows every table. */
    allow: z.array(z.string()).default(['*']),
    deny: z.array(z.string()).default([]),
  }).prefault({}),
  /** Virtual tables and table-valued functions statements may use; pragma_*, dbstat, sqlite_dbpage never by default. */
  virtualTables: z.array(z.string().min(1)).default(['json_each', 'json_tree']),
  maxRows: positiveInt.default(1000),
  timeoutMs: positiveInt.default(5000),
  /** Cap on rows one `sql_execute` may change; more rolls the statement back. */
  maxChangedRows: positiveInt.default(1000),
  /** Memory the database's worker process may grow by after start-up: V8 heap and SQLite together (a kernel data limit on Linux). */
  memoryLimitMb: positiveInt.default(256),
});

export const Databases = record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a name of letters, digits, _ . -'), Database);
