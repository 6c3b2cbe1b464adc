import type { Config } from '../config/types.js';

/**
 * RFC 9728 OAuth 2.0 Protected Resource Metadata document for /.well-known/oauth-protected-resource.
 * Without `auth.oauth`, the JWT issuer is the authorization server and the required scopes
 * are the ones to ask for, so a client can discover both from a JWT config alone.
 */
export function protectedResourceMetadata(config: Config, resourceUrl: string): Record<string, unknown> {
  const { oauth, jwt } = config.auth;
  const servers = oauth?.authorizationServers ?? (jwt ? [jwt.issuer] : []);
  const scopes = oauth?.scopesSupported ?? jwt?.requiredScopes ?? [];
  return {
    resource: oauth?.resource ?? resourceUrl,
    ...(servers.length ? { authorization_servers: [...servers] } : {}),
    ...(scopes.length ? { scopes_supported: [...scopes] } : {}),
    bearer_methods_supported: ['header'],
  };
}
