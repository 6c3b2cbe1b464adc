import { grants, PERMISSIONS } from './permissions.js';

/** Built-in roles (ARCHITECTURE.md §14); `roles` in the config adds to or overrides them. */
export const BUILTIN_ROLES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  admin: ['*'],
  developer: [...PERMISSIONS],
  analyst: ['file:read', 'database:read', 'command:execute'],
  readonly: ['file:read', 'database:read'],
});

export interface RbacConfig {
  users: Record<string, { roles: string[]; permissions: string[] }>;
  roles: Record<string, string[]>;
}

export interface Grant {
  allowed: boolean;
  /** `role "developer"` or `permission "file:*"`: what granted it. */
  grantedBy?: string;
}

export function roleTable(config: RbacConfig): Record<string, readonly string[]> {
  return { ...BUILTIN_ROLES, ...config.roles };
}

/** RBAC is the ceiling: nothing but a role or a user's own permission can grant a permission. */
export function rbacGrant(config: RbacConfig, principal: string, permission: string): Grant {
  const user = Object.hasOwn(config.users, principal) ? config.users[principal] : undefined;
  if (!user) return { allowed: false };
  const roles = roleTable(config);
  for (const role of user.roles) {
    const patterns = Object.hasOwn(roles, role) ? roles[role] : [];
    if (patterns.some((p) => grants(p, permission))) return { allowed: true, grantedBy: `role "${role}"` };
  }
  const own = user.permissions.find((p) => grants(p, permission));
  return own ? { allowed: true, grantedBy: `permission "${own}"` } : { allowed: false };
}

export function rolesOf(config: RbacConfig, principal: string): string[] {
  return Object.hasOwn(config.users, principal) ? [...config.users[principal].roles] : [];
}
