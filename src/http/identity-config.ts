import type { Config } from '../config/types.js';
import type { Identity } from '../auth/authenticate.js';

/**
 * The config one HTTP session runs with: the loaded config, with the principal taken
 * from the credential and that user's roles from it too (the user's own permissions
 * in the config are kept). Nothing in a request body can change it.
 */
export function sessionConfig(config: Config, identity: Identity): Config {
  const own = Object.hasOwn(config.users, identity.principal) ? config.users[identity.principal] : undefined;
  const user = Object.freeze({ ...own, roles: Object.freeze([...identity.roles]), permissions: Object.freeze([...(own?.permissions ?? [])]) });
  // fromEntries defines own properties, so a principal named "__proto__" stays a plain key.
  const users = Object.freeze(Object.fromEntries([...Object.entries(config.users), [identity.principal, user]]));
  return Object.freeze({ ...config, principal: identity.principal, users }) as Config;
}

/**
 * What a session is bound to. Roles are part of it: a token carrying other roles must
 * not inherit a session (and its tool list) made for the old ones.
 */
export function identityKey(identity: Identity): string {
  return JSON.stringify([identity.principal, identity.credentialId, [...identity.roles].sort()]);
}
