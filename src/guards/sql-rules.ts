import { compileGlob } from '../glob/index.js';

export interface TableRuleConfig {
  allow: readonly string[];
  deny: readonly string[];
}

/** Decides whether a table may be touched at all; compiled once per database. */
export type TableRule = (name: string) => boolean;

// Table names are case-insensitive in SQLite, so `SeCrEtS` must hit a `secrets` deny.
const GLOB = { nocase: true } as const;

/** Compiles a database's allow/deny globs; deny is checked before allow. */
export function compileTableRule(rules: TableRuleConfig): TableRule {
  const deny = compileGlob(rules.deny, GLOB);
  const allow = compileGlob(rules.allow, GLOB);
  return (name) => !isInternal(name) && !deny(name) && allow(name);
}

/**
 * SQLite's own tables (`sqlite_schema`, `sqlite_sequence`, `sqlite_stat1`, …) are never
 * readable: `sqlite_schema.sql` shows every table, denied ones included.
 */
export function isInternal(name: string): boolean {
  return /^sqlite_/i.test(name);
}
