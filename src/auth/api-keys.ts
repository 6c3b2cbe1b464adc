import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The prefix of keys we generate; a Bearer value that starts with it is an API key, not a JWT. */
export const API_KEY_PREFIX = 'mw_';

/** A new API key: the prefix and 256 random bits, base64url. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The stored form of a key. A fast, unsalted hash is right here: the keys are 256-bit
 * random, so there is nothing to guess and nothing a slow hash or a salt would protect.
 */
export function hashApiKey(key: string): string {
  return `sha256:${digest(key).toString('hex')}`;
}

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

export interface ApiKeyEntry { hash: string; principal: string }
export interface ApiKeyMatch { id: string; principal: string }

/** Finds which configured key a presented key is, in time that does not depend on which one or how close. */
export function apiKeyMatcher(apiKeys: Record<string, ApiKeyEntry>): (presented: string) => ApiKeyMatch | undefined {
  const entries = Object.entries(apiKeys).map(([id, entry]) => ({
    id, principal: entry.principal, digest: Buffer.from(entry.hash.slice('sha256:'.length), 'hex'),
  }));
  return (presented) => {
    const candidate = digest(presented);
    let found: (typeof entries)[number] | undefined;
    // Every entry is compared, with no early exit, so timing does not tell how many keys
    // exist before the match; comparing digests (fixed length) hides the presented key's length.
    for (const entry of entries) {
      if (timingSafeEqual(candidate, entry.digest) && !found) found = entry;
    }
    return found && { id: found.id, principal: found.principal };
  };
}
