import fs from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { isPemText } from '../config/paths.js';

/** A config problem with the key, in words for the config error. */
export class PublicKeyError extends Error {}

/**
 * The configured key as a public KeyObject. A KeyObject of type "public" can never serve
 * as an HMAC secret, which closes key confusion even if an HS* algorithm got through.
 */
export function readPublicKey(value: string): KeyObject {
  let pem = value;
  if (!isPemText(value)) {
    try {
      pem = fs.readFileSync(value, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new PublicKeyError(`cannot read the PEM file ${value}: ${code === 'ENOENT' ? 'it does not exist' : (error as Error).message}`);
    }
  }
  // createPublicKey would quietly derive the public half; a private key in a config file is a leaked secret.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new PublicKeyError('expected a public key, got a private key: give the public key only, and treat this private key as leaked');
  }
  try {
    return createPublicKey(pem);
  } catch (error) {
    throw new PublicKeyError(`expected a PEM public key ("-----BEGIN PUBLIC KEY-----"), but it does not parse: ${(error as Error).message}`);
  }
}

const EC_CURVES: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };

/** The algorithms of `allowed` that this key can verify; a token claiming another is refused before any crypto. */
export function algorithmsForKey(key: KeyObject, allowed: readonly string[]): string[] {
  const fits = (alg: string): boolean => {
    switch (key.asymmetricKeyType) {
      case 'rsa': return /^(RS|PS)\d+$/.test(alg);
      case 'rsa-pss': return /^PS\d+$/.test(alg);
      case 'ec': return EC_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''] === alg;
      case 'ed25519': return alg === 'EdDSA' || alg === 'Ed25519';
      default: return false;
    }
  };
  return allowed.filter(fits);
}
