import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/** Reads a 32-byte AES-256 key (base64 or hex) from an environment variable, or explains why not. */
export function loadKey(keyEnv: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const text = env[keyEnv];
  if (!text) throw new Error(`audit.encryption.keyEnv names ${keyEnv}, but that environment variable is not set`);
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) {
    throw new Error(`${keyEnv} must hold a 32-byte key as 64 hex characters or base64 (got ${key.length} bytes); make one with: openssl rand -base64 32`);
  }
  return key;
}

/** AES-256-GCM with a fresh 12-byte IV per value; the tag is stored with it. */
export function encrypt(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
}

export const isEncrypted = (stored: string | null | undefined): boolean => !!stored && stored.startsWith(PREFIX);

/** Decrypts a stored value; throws when the key is wrong or the value was altered. */
export function decrypt(stored: string, key: Buffer): string {
  const [iv, tag, body] = stored.slice(PREFIX.length).split(':');
  // authTagLength pins the full 16-byte tag: GCM otherwise accepts a truncated one.
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: 16 });
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}
