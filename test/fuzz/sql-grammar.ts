// The attack grammar of issue 5 as fast-check arbitraries: ways to name the denied table,
// reads that hide it, writes, escapes and pragmas, stacked and obfuscated at random.
import fc from 'fast-check';

/** Every spelling of something that holds or reveals the denied `secrets` data. */
export const secretRef = fc.constantFrom(
  'secrets', 'SeCrEtS', '"secrets"', '[secrets]', '`secrets`', 'main.secrets', 'main."secrets"', '"main"."secrets"',
  'secrets_fts', 'secrets_fts_content', 'secrets_fts_data', 'secrets_fts_idx', 'secrets_fts_config', 'secrets_fts_docsize',
  'project_secrets', 'sqlite_master', 'sqlite_schema', 'SQLITE_MASTER', 'sqlite_temp_master', 'temp.sqlite_master',
  'sqlite_sequence', 'dbstat', 'sqlite_dbpage', "pragma_table_info('secrets')", "pragma_index_list('secrets')",
  'json_each((SELECT json_group_array(value) FROM secrets))', "(SELECT * FROM secrets)",
);

const readable = fc.constantFrom('projects', 'tasks', 'log');
const column = fc.constantFrom('*', 'value', 'name', 'sql', 'data', 'rowid', 'count(*)', 'group_concat(value)');

/** Reads that route the denied table through every construct SQLite offers. */
export const read = fc.oneof(
  fc.tuple(column, secretRef).map(([c, t]) => `SELECT ${c} FROM ${t}`),
  secretRef.map((t) => `WITH s AS (SELECT * FROM ${t}) SELECT * FROM s`),
  secretRef.map((t) => `WITH RECURSIVE s(v) AS (SELECT 1 FROM ${t}) SELECT v FROM s`),
  secretRef.map((t) => `SELECT (SELECT value FROM ${t} LIMIT 1)`),
  fc.tuple(readable, secretRef).map(([r, t]) => `SELECT * FROM ${r} JOIN ${t}`),
  fc.tuple(readable, secretRef).map(([r, t]) => `SELECT name FROM ${r} UNION ALL SELECT value FROM ${t}`),
  secretRef.map((t) => `SELECT 1 WHERE EXISTS (SELECT 1 FROM ${t} WHERE value LIKE 'TOP%')`),
  secretRef.map((t) => `SELECT * FROM secrets_fts WHERE secrets_fts MATCH 'topsecret*' UNION SELECT 1 FROM ${t}`),
  fc.constantFrom("SELECT hex(value) FROM secrets", "SELECT * FROM json_each('[1,2]')", 'SELECT * FROM projects', 'SELECT 1'),
);

/** Writes, including the kinds sql_query must refuse and DDL that copies the denied table out. */
export const write = fc.oneof(
  secretRef.map((t) => `INSERT INTO log SELECT value FROM ${t}`),
  secretRef.map((t) => `UPDATE projects SET name = (SELECT value FROM ${t} LIMIT 1) WHERE id = 2`),
  fc.constantFrom(
    "INSERT INTO tasks (project_id, title) VALUES (1, 'x') RETURNING *",
    "INSERT INTO tasks (project_id, title) VALUES (1, 'trigger fires')",
    'WITH x AS (SELECT 1) DELETE FROM tasks',
    "REPLACE INTO projects (id, name) VALUES (1, 'r')",
    "INSERT INTO projects (id, name) VALUES (1, 'u') ON CONFLICT(id) DO UPDATE SET name = excluded.name",
    'DELETE FROM secrets', 'DROP TABLE secrets', 'ALTER TABLE secrets RENAME TO open_data',
    "UPDATE secrets SET value = 'x'", 'CREATE INDEX i_secret ON secrets(value)', 'DROP VIEW project_secrets',
    'DROP TABLE projects', 'CREATE TABLE projects2 (x)', "INSERT INTO log VALUES ('fine')",
  ),
  fc.tuple(secretRef, fc.nat(1e6)).map(([t, n]) => `CREATE VIEW v_${n} AS SELECT * FROM ${t}`),
  secretRef.map((t) => `CREATE TEMP VIEW tv AS SELECT * FROM ${t}`),
  fc.tuple(secretRef, fc.nat(1e6)).map(([t, n]) => `CREATE TABLE copy_${n} AS SELECT * FROM ${t}`),
  fc.tuple(secretRef, fc.nat(1e6)).map(([t, n]) => `CREATE TRIGGER t_${n} AFTER INSERT ON log BEGIN INSERT INTO log SELECT value FROM ${t}; END`),
  secretRef.map((t) => `CREATE TEMP TRIGGER tt AFTER INSERT ON log BEGIN INSERT INTO log SELECT value FROM ${t}; END`),
);

/** Ways out of the database and around its safety settings; DIR is replaced by the database's folder. */
export const escape = fc.oneof(
  fc.constantFrom(
    "ATTACH 'DIR/evil.db' AS evil", "ATTACH DATABASE 'file:DIR/evil2.db?mode=rwc' AS e", "VACUUM INTO 'DIR/copy.db'",
    "VACUUM main INTO 'file:DIR/copy2.db'", 'DETACH main', "SELECT load_extension('DIR/x')", "SELECT readfile('/etc/passwd')",
    "SELECT fts3_tokenizer('simple')", 'PRAGMA writable_schema = 1', 'PRAGMA journal_mode = WAL', 'PRAGMA journal_mode = OFF',
    'PRAGMA query_only = 0', 'PRAGMA trusted_schema = 1', 'PRAGMA foreign_keys = 0', 'PRAGMA cell_size_check = 0',
    'PRAGMA defensive = 0', 'PRAGMA main.writable_schema = ON', "PRAGMA table_info('secrets')", 'PRAGMA secure_delete = 0',
    "SELECT * FROM pragma_table_info('secrets')", "SELECT * FROM pragma_function_list", 'VACUUM', 'REINDEX', 'ANALYZE',
    'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT s', 'PRAGMA schema_version = 1', 'PRAGMA user_version = 9',
  ),
);

const statement = fc.oneof({ weight: 3, arbitrary: read }, { weight: 3, arbitrary: write }, { weight: 2, arbitrary: escape });
const separator = fc.constantFrom('; ', ';\n', '; COMMIT; ', ';--x\n', '/* ; */;', ";'';", ' ;; ', ';\t');
const leading = fc.constantFrom('', '-- c\n', '/* c */ ', '\n\n', ';', '  ;  ', '/*/**/', '\uFEFF');

/** A random stack of 1–3 statements (one is the usual case). */
export const composed = fc.tuple(leading, fc.array(fc.tuple(statement, separator), { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([lead, parts, trailing]) => lead + parts.map(([s, sep], i) => s + (i < parts.length - 1 || trailing ? sep : '')).join(''));

/** Case, whitespace, comment and Unicode obfuscation outside quotes (inside them meaning would change). */
export const obfuscated = fc.tuple(composed, fc.infiniteStream(fc.nat(99))).map(([sql, dice]) => {
  const roll = () => dice.next().value as number;
  let out = '';
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) { out += ch; if (ch === quote) quote = undefined; continue; }
    if (ch === "'" || ch === '"' || ch === '`') { quote = ch; out += ch; continue; }
    if (ch === '[') { quote = ']'; out += ch; continue; }
    if (ch === ' ') {
      const r = roll();
      out += r < 60 ? ' ' : r < 70 ? '\t' : r < 78 ? '\n' : r < 86 ? '/**/' : r < 92 ? ' /* ; */ ' : r < 96 ? ' --;\n' : r < 98 ? '\u00a0' : '\u2003';
      continue;
    }
    out += /[a-z]/i.test(ch) && roll() < 30 ? (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) : ch;
  }
  return out;
});
