/**
 * The JWS algorithms a token may use: asymmetric only, so the key we hold can verify
 * but never sign. The lists are config vocabulary (the schema offers them and defaults to
 * one); this module says why anything else is refused.
 */
import { ASYMMETRIC_ALGORITHMS } from '../config/vocabulary.js';

export { ASYMMETRIC_ALGORITHMS, DEFAULT_ALGORITHMS } from '../config/vocabulary.js';

const allowed = `expected one of ${ASYMMETRIC_ALGORITHMS.join(', ')}`;

/** Why an algorithm cannot be configured, phrased to end in ", got X" (the check appends it); undefined when it can. */
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
