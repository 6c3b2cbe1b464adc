import picomatch from 'picomatch';

export interface TableRuleConfig {
  allow: readonly string[];
  deny: readonly string[];
}

/** Decides whether a table may be touched at all; compiled once per database. */
export type TableRule = (name: string) => boolean;

// Table names are case-insensitive in SQLite, so `SeCrEtS` must hit a `secrets` deny.
const GLOB = { nocase: true, dot: true } as const;

/** Compiles a database's allow/deny globs; deny is checked before allow. */
export function compileTableRule(rules: TableRuleConfig): TableRule {
  const deny = rules.deny.length ? picomatch(rules.deny as string[], GLOB) : () => false;
  const allow = rules.allow.length ? picomatch(rules.allow as string[], GLOB) : () => false;
  return (name) => !isInternal(name) && !deny(name) && allow(name);
}

/**
 * SQLite's own tables (`sqlite_schema`, `sqlite_sequence`, `sqlite_stat1`, …) are never
 * readable: `sqlite_schema.sql` shows every table, denied ones included.
 */
export function isInternal(name: string): boolean {
  return /^sqlite_/i.test(name);
}
