/**
 * A claim by name. An exact key wins (Auth0's namespaced claims are URLs with dots);
 * otherwise a dotted name walks into objects (Keycloak's `realm_access.roles`).
 * Only own properties: a claim named `__proto__` or `constructor` finds nothing.
 */
export function claimAt(payload: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A list claim as strings: an array (non-strings skipped) or a space-separated string (RFC 8693 `scope`). */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

/** The token's scopes: `scope` (RFC 9068) and `scp` (Azure AD, Okta). */
export const scopesOf = (payload: Record<string, unknown>) => [...stringList(payload.scope), ...stringList(payload.scp)];
