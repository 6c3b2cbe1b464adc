/** Who a request acts as, established from its credential. */
export interface Identity {
  principal: string;
  /** Roles for this principal: config users[principal].roles ∪ roles accepted from the token. */
  roles: string[];
  method: 'api-key' | 'jwt';
  /** Names the credential in logs/audit without revealing it: the API key's id, or the token's `jti` or issuer+sub. */
  credentialId: string;
}

/**
 * Why a request was refused. `invalid_request` means no usable credential was sent (none,
 * another scheme, or two at once); RFC 6750 §3.1 says such a challenge carries no error code.
 * `reason` is one sentence for people and never contains the credential or any part of it.
 */
export type AuthFailure = {
  ok: false;
  status: 401 | 403;
  error: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  reason: string;
  method?: 'api-key' | 'jwt';
};

export type AuthOutcome = { ok: true; identity: Identity } | AuthFailure;

/** The request headers authentication reads; node's IncomingHttpHeaders fits as is. */
export interface CredentialHeaders {
  authorization?: string | string[];
  'x-api-key'?: string | string[];
}

export const refuse = (status: 401 | 403, error: AuthFailure['error'], reason: string, method?: AuthFailure['method']): AuthFailure =>
  (method ? { ok: false, status, error, reason, method } : { ok: false, status, error, reason });
