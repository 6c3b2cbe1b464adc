/** The audit table. `id` is assigned inside the append transaction so the chain has no gaps. */
export const AUDIT_SCHEMA = `
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
CREATE INDEX IF NOT EXISTS events_ts ON events(ts);
CREATE INDEX IF NOT EXISTS events_call ON events(call);
CREATE INDEX IF NOT EXISTS events_tool_ts ON events(tool, ts);
`;
