import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions, type KeyObject } from 'jose';
import type { Config } from '../config/types.js';
import { algorithmsForKey, readPublicKey } from './public-key.js';
import { jwtFailureReason } from './jwt-reasons.js';

export type JwtConfig = NonNullable<Config['auth']['jwt']>;
export type JwtResult = { ok: true; payload: JWTPayload } | { ok: false; reason: string };

// A key set is refetched at most every 30 s for an unknown `kid` (so a flood of forged kids
// cannot hammer the IdP) and at least every 10 min (so a revoked key stops working).
const JWKS_OPTIONS = { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 };

/** Verifies a token's signature and standard claims; the key is read or fetched once, here. */
export function jwtVerifier(jwt: JwtConfig, now: () => number): (token: string) => Promise<JwtResult> {
  // An absent audience never passes the loader; [] here would still match no token.
  const audience = typeof jwt.audience === 'string' ? [jwt.audience] : [...(jwt.audience ?? [])];
  let verify: (token: string, options: JWTVerifyOptions) => Promise<JWTPayload>;
  let algorithms = [...jwt.algorithms];
  if (jwt.jwksUrl) {
    const keySet = createRemoteJWKSet(new URL(jwt.jwksUrl), JWKS_OPTIONS);
    verify = async (token, options) => {
      try {
        return (await jwtVerify(token, keySet, options)).payload;
      } catch (error) {
        if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
        return tryEach(token, error, options);
      }
    };
  } else {
    const key = readPublicKey(jwt.publicKey ?? '');
    // A token naming an algorithm this key cannot do is refused by the allowlist, before any crypto.
    algorithms = algorithmsForKey(key, algorithms);
    verify = async (token, options) => (await jwtVerify(token, key, options)).payload;
  }
  const context = { issuer: jwt.issuer, audience, algorithms };
  return async (token) => {
    try {
      const payload = await verify(token, {
        issuer: jwt.issuer,
        audience,
        algorithms,
        clockTolerance: jwt.clockToleranceSec,
        requiredClaims: ['exp'],
        currentDate: new Date(now()),
      });
      return { ok: true, payload };
    } catch (error) {
      return { ok: false, reason: jwtFailureReason(error, context) };
    }
  };
}

/** A token without `kid` and several keys of its type: the first key whose signature verifies (jose's documented way). */
async function tryEach(token: string, candidates: errors.JWKSMultipleMatchingKeys, options: JWTVerifyOptions): Promise<JWTPayload> {
  for await (const key of candidates as unknown as AsyncIterable<KeyObject>) {
    try {
      return (await jwtVerify(token, key, options)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
    }
  }
  throw new errors.JWSSignatureVerificationFailed();
}
