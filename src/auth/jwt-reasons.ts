import { errors } from 'jose';

export interface ReasonContext { issuer: string; audience: string[]; algorithms: string[] }

const at = (seconds: unknown) =>
  typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z') : 'an invalid time';

const claimLabel: Record<string, string> = { iss: 'issuer (iss)', aud: 'audience (aud)', exp: 'expiry (exp)', nbf: 'not-before (nbf)', iat: 'issued-at (iat)' };

/**
 * One sentence for a jose failure. It names config values and times, never a value the
 * token supplied as text: that is the client's input, and reasons reach logs and headers.
 */
export function jwtFailureReason(error: unknown, ctx: ReasonContext): string {
  if (error instanceof errors.JWTExpired) return `the token expired at ${at(error.payload.exp)}`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    const { claim, reason, payload } = error;
    if (reason === 'missing') return `the token has no ${claimLabel[claim] ?? 'required'} claim`;
    if (reason === 'invalid') return `the token's ${claimLabel[claim] ?? 'time'} claim is not a number`;
    if (claim === 'nbf') return `the token is not valid before ${at(payload.nbf)}`;
    if (claim === 'iss') return `the token's issuer is not ${ctx.issuer}`;
    if (claim === 'aud') return `the token's audience is not ${ctx.audience.join(' or ')}`;
    return 'the token\'s claims do not validate';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return `the token's algorithm is not allowed here (allowed: ${ctx.algorithms.join(', ')})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token\'s signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'the token was not signed by any key the issuer publishes';
  }
  if (error instanceof errors.JWKSTimeout) return 'the token cannot be checked now: fetching the issuer\'s keys (JWKS) timed out';
  if (error instanceof errors.JWKSInvalid) return 'the token cannot be checked now: the issuer\'s key set (JWKS) is not valid';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'the token is malformed: not a signed JWT';
  if (error instanceof errors.JOSENotSupported) return 'the token uses an algorithm or key this server does not support';
  // Fetch failures (refused, DNS, non-200) come as plain errors or generic JOSEErrors.
  if (error instanceof errors.JOSEError || (error instanceof TypeError && /fetch/i.test(error.message))) {
    return 'the token cannot be checked now: the issuer\'s keys (JWKS) could not be fetched';
  }
  return 'the token could not be verified';
}
