import type { AuthFailure } from './types.js';

/**
 * A quoted-string (RFC 9110 §5.6.4) safe in a header: CR, LF and other controls or
 * non-ASCII would split or break the header, so they become "?".
 */
function quoted(value: string): string {
  return `"${value.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

// RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no " or \).
const description = (reason: string) => reason.replace(/"/g, "'").replace(/\\/g, '/');

/**
 * The WWW-Authenticate value for a refusal: RFC 6750 Bearer with RFC 9728's
 * resource_metadata, so an MCP client can discover where to get a token.
 */
export function bearerChallenge(failure: AuthFailure, resourceMetadataUrl: string, scopes: readonly string[]): string {
  const params = [`resource_metadata=${quoted(resourceMetadataUrl)}`];
  // RFC 6750 §3.1: a request with no usable credential gets no error code.
  if (failure.error !== 'invalid_request') {
    params.push(`error=${quoted(failure.error)}`, `error_description=${quoted(description(failure.reason))}`);
  }
  if (scopes.length) params.push(`scope=${quoted(scopes.join(' '))}`);
  return `Bearer ${params.join(', ')}`;
}
