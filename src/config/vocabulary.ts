/**
 * Words of the config language that the schema lists (so editors offer them) and the
 * domains implement: the policy operators and the JWT algorithms. Pure data, kept here
 * so that config needs no domain code; `policy/operators` and `auth/algorithms` re-export them.
 */

/** The operators a policy condition may use. */
export const OPERATORS = [
  'eq', 'ne', 'in', 'contains', 'startsWith', 'endsWith', 'glob', 'gt', 'gte', 'lt', 'lte',
] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * The JWS algorithms a token may use: asymmetric only, so the key we hold can verify
 * but never sign. (ML-DSA is left out: Node 20's WebCrypto cannot verify it.)
 */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
] as const;

/** `auth.jwt.algorithms` when the config names none. */
export const DEFAULT_ALGORITHMS: readonly string[] = Object.freeze(['RS256', 'PS256', 'ES256', 'EdDSA']);
