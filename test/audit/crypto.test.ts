import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, isEncrypted, loadKey } from '../../src/audit/crypto.js';

const key = randomBytes(32);

test('round trip: what is encrypted decrypts to the same text, unicode included', () => {
  const plain = JSON.stringify({ path: 'docs/ü.md', content: 'ça va ✓' });
  const stored = encrypt(plain, key);
  assert.ok(isEncrypted(stored));
  assert.ok(!stored.includes('docs'), 'no plaintext in the stored value');
  assert.equal(decrypt(stored, key), plain);
});

test('a fresh 12-byte IV per value: the same text encrypts differently twice', () => {
  const a = encrypt('same', key);
  const b = encrypt('same', key);
  assert.notEqual(a, b);
  const iv = (s: string) => Buffer.from(s.slice('enc:v1:'.length).split(':')[0], 'base64');
  assert.equal(iv(a).length, 12);
  assert.notDeepEqual(iv(a), iv(b));
});

test('the wrong key fails instead of returning garbage', () => {
  assert.throws(() => decrypt(encrypt('secret', key), randomBytes(32)), /unable to authenticate/);
});

test('an altered ciphertext fails authentication', () => {
  const stored = encrypt('pay alice 10', key);
  const [iv, tag, body] = stored.slice('enc:v1:'.length).split(':');
  const bytes = Buffer.from(body, 'base64');
  bytes[0] ^= 1;
  assert.throws(() => decrypt(`enc:v1:${iv}:${tag}:${bytes.toString('base64')}`, key));
});

test('a truncated tag is refused (GCM would otherwise accept a 4-byte tag, making forgery cheap)', () => {
  const stored = encrypt('hello', key);
  const [iv, tag, body] = stored.slice('enc:v1:'.length).split(':');
  const short = Buffer.from(tag, 'base64').subarray(0, 4).toString('base64');
  assert.throws(() => decrypt(`enc:v1:${iv}:${short}:${body}`, key));
});

test('loadKey reads 64 hex characters or base64 of 32 bytes', () => {
  const hex = key.toString('hex');
  assert.deepEqual(loadKey('K', { K: hex }), key);
  assert.deepEqual(loadKey('K', { K: key.toString('base64') }), key);
});

test('a missing environment variable is a clear error naming it', () => {
  assert.throws(() => loadKey('AUDIT_KEY', {}), {
    message: 'audit.encryption.keyEnv names AUDIT_KEY, but that environment variable is not set',
  });
  assert.throws(() => loadKey('AUDIT_KEY', { AUDIT_KEY: '' }), /is not set/);
});

test('a key of the wrong length is a clear error with the fix', () => {
  assert.throws(() => loadKey('AUDIT_KEY', { AUDIT_KEY: randomBytes(16).toString('base64') }), {
    message: 'AUDIT_KEY must hold a 32-byte key as 64 hex characters or base64 (got 16 bytes); make one with: openssl rand -base64 32',
  });
  assert.throws(() => loadKey('AUDIT_KEY', { AUDIT_KEY: 'hunter2' }), /must hold a 32-byte key/);
});
