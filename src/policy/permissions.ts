/** The five permissions of ARCHITECTURE.md §14. */
export const PERMISSIONS = [
  'file:read', 'file:write', 'database:read', 'database:write', 'command:execute',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const RESOURCES = new Set(['file', 'database', 'command', '*']);
const ACTIONS = new Set(['read', 'write', 'execute', '*']);

/** `*`, or `resource:action` where either side may be `*`. */
export function isPermissionPattern(pattern: string): boolean {
  if (pattern === '*') return true;
  const parts = pattern.split(':');
  return parts.length === 2 && RESOURCES.has(parts[0]) && ACTIONS.has(parts[1]);
}

/** Whether a granted pattern (`file:*`, `*:read`, `*`) covers a concrete permission. */
export function grants(pattern: string, permission: string): boolean {
  if (pattern === '*') return true;
  // Exactly two sides on each: `file:read:x` or `file` must not pass as `file:read`.
  const p = pattern.split(':');
  const q = permission.split(':');
  if (p.length !== 2 || q.length !== 2) return false;
  const [pr, pa] = p;
  const [r, a] = q;
  return (pr === '*' || pr === r) && (pa === '*' || pa === a);
}
