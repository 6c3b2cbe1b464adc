import { WardenError } from '../../errors.js';
import type { Connection } from './runtime.js';

/** A table or view a statement may read. */
export interface ReadableObject {
  name: string;
  type: 'table' | 'view';
}

/**
 * The objects `SELECT * FROM name` may read, as the guard judges it: a view over a
 * hidden table, a denied virtual table or an FTS shadow table is left out, exactly as if
 * it did not exist.
 */
export function readableObjects({ guard }: Connection): ReadableObject[] {
  const out: ReadableObject[] = [];
  for (const o of guard.schema().byName.values()) {
    if ((o.type === 'table' || o.type === 'view') && canRead(guard, o.name)) out.push({ name: o.name, type: o.type });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The canonical name of a readable table or view, or undefined for a missing or hidden one. */
export function readableName({ guard }: Connection, name: string): string | undefined {
  const o = guard.schema().byName.get(name.toLowerCase());
  return o && (o.type === 'table' || o.type === 'view') && canRead(guard, o.name) ? o.name : undefined;
}

function canRead(guard: Connection['guard'], name: string): boolean {
  if (!guard.isVisible(name)) return false;
  try {
    guard.check(`SELECT * FROM "${name.replace(/"/g, '""')}"`, 'query');
    return true;
  } catch (error) {
    if (error instanceof WardenError) return false;
    throw error;
  }
}
