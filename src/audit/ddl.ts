/**
 * The audit table. `id` is assigned inside the append transaction so the chain has no gaps,
 * and `ts` never goes back from one row to the next (the append takes the later of the
 * clock and the previous row's time), so time ranges are id ranges (src/audit/time-range.ts)
 * and no index is needed: every index costs each append (two per call) a page write.
 * `show CALL` and `--tool` filters scan a million rows well under a second.
 *
 * The FTS5 index (`audit search --text`) is contentless and built lazily by the search
 * (src/audit/fts.ts) up to `audit_meta.fts_through`: an insert trigger would double the
 * cost of `append`, which is on every call's path. Rows past that id are matched by a
 * scan. Deletes (prune) and edits of indexed rows keep it in sync through triggers.
 * It runs as one write transaction, so several processes may open one file at once.
 */
export const AUDIT_DDL = `
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  ts TEXT NOT NULL,
  session TEXT NOT NULL,
  call TEXT NOT NULL,
  principal TEXT NOT NULL,
  client TEXT,
  tool TEXT NOT NULL,
  kind TEXT NOT NULL,
  decision TEXT,
  reason TEXT,
  resource TEXT,
  args TEXT,
  outcome TEXT,
  error TEXT,
  duration_ms INTEGER,
  bytes INTEGER,
  detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
DROP INDEX IF EXISTS events_ts;
CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(args, reason, error, content='', contentless_delete=1);
DROP TRIGGER IF EXISTS events_fts_insert;
DROP TRIGGER IF EXISTS events_fts_delete;
DROP TRIGGER IF EXISTS events_fts_update;
CREATE TRIGGER IF NOT EXISTS events_fts_on_delete AFTER DELETE ON events
WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM audit_meta WHERE key = 'fts_through') BEGIN
  DELETE FROM events_fts WHERE rowid = old.id;
END;
CREATE TRIGGER IF NOT EXISTS events_fts_on_update AFTER UPDATE ON events
WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM audit_meta WHERE key = 'fts_through') BEGIN
  DELETE FROM events_fts WHERE rowid = old.id;
  INSERT INTO events_fts(rowid, args, reason, error)
  VALUES (new.id, CASE WHEN substr(new.args, 1, 7) = 'enc:v1:' THEN NULL ELSE new.args END, new.reason, new.error);
END;
COMMIT;
`;

/** The FTS5 table; absent in logs no current writer has opened yet. */
export const FTS_TABLE = 'events_fts';
