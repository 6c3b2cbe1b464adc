import type { JWTPayload } from 'jose';
import type { Config } from '../config/types.js';
import { roleTable, rolesOf } from '../policy/rbac.js';
import { apiKeyMatcher } from './api-keys.js';
import { readCredential } from './credentials.js';
import { jwtVerifier, type JwtConfig } from './jwt.js';
import { claimAt, scopesOf, stringList } from './claims.js';
import { bearerChallenge } from './challenge.js';
import { refuse, type AuthFailure, type AuthOutcome, type CredentialHeaders, type Identity } from './types.js';

export type { AuthFailure, AuthOutcome, CredentialHeaders, Identity } from './types.js';

export interface Authenticator {
  /** True when at least one credential method is configured (shared mode refuses to start otherwise). */
  readonly enabled: boolean;
  authenticate(headers: CredentialHeaders): Promise<AuthOutcome>;
  /** WWW-Authenticate value for a failure (RFC 6750 Bearer + RFC 9728 resource_metadata="…"). */
  challenge(failure: AuthFailure, resourceMetadataUrl: string): string;
}

/** Establishes who a shared-mode request acts as, from its API key or bearer token; never throws. */
export function createAuthenticator(config: Config, options: { now?: () => number } = {}): Authenticator {
  const { apiKeys, jwt } = config.auth;
  const matchKey = apiKeyMatcher(apiKeys);
  const verifyJwt = jwt && jwtVerifier(jwt, options.now ?? Date.now);
  const known = roleTable(config);
  const rolesFor = (principal: string, conferred: string[] = []) =>
    [...new Set([...rolesOf(config, principal), ...conferred])].filter((role) => Object.hasOwn(known, role));

  function fromJwt(payload: JWTPayload, jwt: JwtConfig): AuthOutcome {
    const principal = claimAt(payload, jwt.claims.principal);
    if (typeof principal !== 'string' || principal === '') {
      return refuse(401, 'invalid_token', `the token has no ${jwt.claims.principal} claim naming the principal`, 'jwt');
    }
    const scopes = new Set(scopesOf(payload));
    const missing = jwt.requiredScopes.filter((s) => !scopes.has(s));
    if (missing.length) {
      return refuse(403, 'insufficient_scope', `the token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, 'jwt');
    }
    // Least privilege: a token confers only roles listed in allowedRoles, whatever the IdP says.
    const allowed = new Set(jwt.allowedRoles ?? []);
    const conferred = jwt.claims.roles ? stringList(claimAt(payload, jwt.claims.roles)).filter((r) => allowed.has(r)) : [];
    const credentialId = typeof payload.jti === 'string' && payload.jti ? payload.jti : `${payload.iss} ${typeof payload.sub === 'string' ? payload.sub : principal}`;
    return { ok: true, identity: { principal, roles: rolesFor(principal, conferred), method: 'jwt', credentialId } };
  }

  return {
    enabled: Object.keys(apiKeys).length > 0 || jwt !== undefined,
    async authenticate(headers) {
      try {
        const credential = readCredential(headers);
        if ('ok' in credential) return credential;
        if (credential.method === 'api-key') {
          const match = matchKey(credential.key);
          if (!match) return refuse(401, 'invalid_token', 'unknown API key', 'api-key');
          return { ok: true, identity: { principal: match.principal, roles: rolesFor(match.principal), method: 'api-key', credentialId: match.id } };
        }
        if (!verifyJwt || !jwt) return refuse(401, 'invalid_token', 'this server accepts no bearer tokens (auth.jwt is not configured)', 'jwt');
        const verified = await verifyJwt(credential.token);
        return verified.ok ? fromJwt(verified.payload, jwt) : refuse(401, 'invalid_token', verified.reason, 'jwt');
      } catch {
        // Fail closed: a bug here must refuse the request, never let it through or crash the server.
        return refuse(401, 'invalid_token', 'the credential could not be checked');
      }
    },
    challenge: (failure, resourceMetadataUrl) => bearerChallenge(failure, resourceMetadataUrl, jwt?.requiredScopes ?? []),
  };
}
