/**
 * The JWS algorithms a token may use: asymmetric only, so the key we hold can verify
 * but never sign. (ML-DSA is left out: Node 20's WebCrypto cannot verify it.)
 */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
] as const;

export const DEFAULT_ALGORITHMS: readonly string[] = Object.freeze(['RS256', 'PS256', 'ES256', 'EdDSA']);

const allowed = `expected one of ${ASYMMETRIC_ALGORITHMS.join(', ')}`;

/** Why an algorithm cannot be configured, phrased to end in ", got X" (the loader appends it); undefined when it can. */
export function algorithmProblem(alg: string): string | undefined {
  if ((ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg)) return undefined;
  if (alg.toLowerCase() === 'none') return `an unsigned token ("none") can be forged by anyone: ${allowed}`;
  // RFC 8725 §2.1 / §3.1: an HMAC algorithm next to a public key lets an attacker sign with
  // the public key's text as the shared secret (key confusion).
  if (/^HS\d+$/i.test(alg)) {
    return `an HMAC algorithm verifies with a shared secret, and anyone who has the public key could use it as that secret to forge tokens: ${allowed}`;
  }
  return allowed;
}
