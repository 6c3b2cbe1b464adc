import { API_KEY_PREFIX } from './api-keys.js';
import { refuse, type AuthFailure, type CredentialHeaders } from './types.js';

export type Credential = { method: 'api-key'; key: string } | { method: 'jwt'; token: string };

export const NO_CREDENTIAL = 'no credential: send Authorization: Bearer <token> or X-API-Key: <key>';

// RFC 6750 §2.1 b64token.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The one credential a request carries. Reasons never quote the header: whatever the
 * client sent there may be a secret, even when it is in the wrong place.
 */
export function readCredential(headers: CredentialHeaders): Credential | AuthFailure {
  for (const [name, value] of [['Authorization', headers.authorization], ['X-API-Key', headers['x-api-key']]] as const) {
    // Which copy counts is exactly what a proxy in front and this server could disagree on.
    if (Array.isArray(value) && value.length > 1) return refuse(401, 'invalid_request', `send one credential: the ${name} header was sent ${value.length} times`);
  }
  const authorization = present(headers.authorization);
  const apiKey = present(headers['x-api-key']);
  // Two credentials could name two principals; picking one would let a proxy and this server disagree on who is calling.
  if (authorization !== undefined && apiKey !== undefined) return refuse(401, 'invalid_request', 'send one credential, not both Authorization and X-API-Key');
  if (apiKey !== undefined) return { method: 'api-key', key: apiKey };
  if (authorization === undefined) return refuse(401, 'invalid_request', NO_CREDENTIAL);
  const [scheme] = authorization.split(/[ \t]/, 1);
  if (scheme.toLowerCase() !== 'bearer') {
    return refuse(401, 'invalid_request', 'the Authorization header must use the Bearer scheme: Authorization: Bearer <token>');
  }
  const value = authorization.slice(scheme.length).trim();
  if (value === '') return refuse(401, 'invalid_request', 'the Authorization header has no token after Bearer');
  if (!B64TOKEN.test(value)) return refuse(401, 'invalid_token', 'the bearer token is malformed: it has characters a token cannot have');
  return value.startsWith(API_KEY_PREFIX) ? { method: 'api-key', key: value } : { method: 'jwt', token: value };
}

/** A header's value (a list of one is one header), undefined when absent or blank. */
function present(value: string | string[] | undefined): string | undefined {
  const trimmed = (Array.isArray(value) ? value[0] : value)?.trim();
  return trimmed ? trimmed : undefined;
}
