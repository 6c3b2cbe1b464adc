import type { Config } from '../config/types.js';
import { withInput, type ConfigIssue } from '../config/issues.js';
import { entriesAt } from '../config/entries.js';
import { roleTable } from '../policy/rbac.js';
import { ASYMMETRIC_ALGORITHMS, algorithmProblem } from './algorithms.js';
import { algorithmsForKey, readPublicKey, PublicKeyError } from './public-key.js';

/** Entries of `auth` that are wrong on their own (a JWT algorithm "none" or HS256), from the raw config. */
export function checkAuthEntries(raw: unknown): ConfigIssue[] {
  return entriesAt(raw, ['auth', 'jwt', 'algorithms', '[]']).flatMap((e) => {
    const problem = algorithmProblem(e.value);
    return problem ? [{ path: e.path, message: withInput(problem, e.value) }] : [];
  });
}

/** Cross-key problems of `auth`, found at load so shared mode never starts half-configured. */
export function checkAuth(config: Pick<Config, 'auth' | 'users' | 'roles'>): ConfigIssue[] {
  return [...checkApiKeys(config), ...checkJwt(config), ...checkOAuth(config)];
}

function checkApiKeys(config: Pick<Config, 'auth' | 'users'>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, string>();
  for (const [id, key] of Object.entries(config.auth.apiKeys)) {
    const at = `auth.apiKeys.${id}`;
    if (!Object.hasOwn(config.users, key.principal)) {
      issues.push({ path: `${at}.principal`, message: `principal "${key.principal}" is not in users, so the key would have no roles; add users.${key.principal}` });
    }
    const other = seen.get(key.hash);
    // One key under two ids would make the audit's credential id a guess.
    if (other) issues.push({ path: `${at}.hash`, message: `the same key as auth.apiKeys.${other}; give each client its own key (mcp-warden auth hash-key)` });
    else seen.set(key.hash, id);
  }
  return issues;
}

function checkJwt(config: Pick<Config, 'auth' | 'users' | 'roles'>): ConfigIssue[] {
  const jwt = config.auth.jwt;
  if (!jwt) return [];
  const issues: ConfigIssue[] = [];
  if (jwt.audience === undefined) {
    issues.push({ path: 'auth.jwt.audience', message: 'expected the audience tokens must be issued for (this server\'s URL, or a list), got nothing' });
  }
  if (jwt.jwksUrl !== undefined && jwt.publicKey !== undefined) {
    issues.push({ path: 'auth.jwt', message: 'expected exactly one of jwksUrl or publicKey, got both' });
  } else if (jwt.jwksUrl === undefined && jwt.publicKey === undefined) {
    issues.push({ path: 'auth.jwt', message: 'expected exactly one of jwksUrl or publicKey, got neither: tokens cannot be verified without a key' });
  } else if (jwt.publicKey !== undefined) {
    issues.push(...checkPublicKey(jwt.publicKey, jwt.algorithms));
  }
  if (jwt.claims.roles !== undefined && jwt.allowedRoles === undefined) {
    issues.push({ path: 'auth.jwt.allowedRoles', message: `expected the roles a token may confer, since claims.roles is set; without this list the identity provider could make anyone admin` });
  }
  if (jwt.claims.roles === undefined && jwt.allowedRoles !== undefined) {
    issues.push({ path: 'auth.jwt.claims.roles', message: 'expected the claim that carries roles, since allowedRoles is set; without it no token confers a role' });
  }
  const known = roleTable(config);
  jwt.allowedRoles?.forEach((role, i) => {
    if (!Object.hasOwn(known, role)) issues.push({ path: `auth.jwt.allowedRoles[${i}]`, message: `unknown role "${role}"; known roles: ${Object.keys(known).join(', ')}` });
  });
  return issues;
}

function checkPublicKey(value: string, algorithms: string[]): ConfigIssue[] {
  try {
    const key = readPublicKey(value);
    if (algorithmsForKey(key, algorithms).length) return [];
    const fits = algorithmsForKey(key, ASYMMETRIC_ALGORITHMS);
    return [{ path: 'auth.jwt.algorithms', message: `expected an algorithm this ${key.asymmetricKeyType} public key can verify (${fits.join(', ') || 'none supported'}), got ${algorithms.join(', ')}` }];
  } catch (error) {
    if (!(error instanceof PublicKeyError)) throw error;
    return [{ path: 'auth.jwt.publicKey', message: error.message }];
  }
}

function checkOAuth(config: Pick<Config, 'auth'>): ConfigIssue[] {
  const { oauth, jwt } = config.auth;
  if (!oauth) return [];
  if (!jwt) {
    return [{ path: 'auth.oauth', message: 'expected auth.jwt as well: the metadata sends clients to an authorization server whose tokens this server would refuse' }];
  }
  const audience = typeof jwt.audience === 'string' ? [jwt.audience] : jwt.audience ?? [];
  if (oauth.resource !== undefined && audience.length && !audience.includes(oauth.resource)) {
    return [{ path: 'auth.oauth.resource', message: `expected a value listed in auth.jwt.audience (${audience.join(', ')}), got "${oauth.resource}": tokens issued for this resource would be refused` }];
  }
  return [];
}
