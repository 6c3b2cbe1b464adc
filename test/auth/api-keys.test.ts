import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { apiKeyMatcher, generateApiKey, hashApiKey } from '../../src/auth/api-keys.js';
import { configWith } from './helpers.js';

const KEY = generateApiKey();
const OTHER = generateApiKey();
const config = configWith({
  apiKeys: { 'ci-bot': { hash: hashApiKey(KEY), principal: 'ci' }, 'alice-laptop': { hash: hashApiKey(OTHER), principal: 'alice' } },
});
const auth = createAuthenticator(config);

/** Every character position changed to another base64url character. */
function oneCharOff(key: string, i: number): string {
  const swapped = key[i] === 'A' ? 'B' : 'A';
  return key.slice(0, i) + swapped + key.slice(i + 1);
}

test('a generated key is mw_ and 256 random bits; its hash is sha256: and 64 lowercase hex', () => {
  assert.match(KEY, /^mw_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(KEY, OTHER);
  assert.match(hashApiKey(KEY), /^sha256:[0-9a-f]{64}$/);
  assert.equal(hashApiKey('abc'), 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'SHA-256 of the UTF-8 key, FIPS 180-2 test vector');
});

test('a valid API key in X-API-Key or as a Bearer value names its principal, roles and key id', async () => {
  for (const headers of [{ 'x-api-key': KEY }, { authorization: `Bearer ${KEY}` }, { authorization: `bearer  ${KEY} ` }]) {
    assert.deepEqual(await auth.authenticate(headers), {
      ok: true, identity: { principal: 'ci', roles: ['analyst'], method: 'api-key', credentialId: 'ci-bot' },
    });
  }
  assert.deepEqual(await auth.authenticate({ 'x-api-key': OTHER }), {
    ok: true, identity: { principal: 'alice', roles: ['readonly'], method: 'api-key', credentialId: 'alice-laptop' },
  });
});

test('a wrong key is refused: 401 invalid_token "unknown API key"', async () => {
  const expected = { ok: false, status: 401, error: 'invalid_token', reason: 'unknown API key', method: 'api-key' };
  assert.deepEqual(await auth.authenticate({ 'x-api-key': generateApiKey() }), expected);
  assert.deepEqual(await auth.authenticate(({ authorization: `Bearer ${generateApiKey()}` })), expected);
});

test('a key one character off, at any position, is refused', async () => {
  for (let i = 0; i < KEY.length; i++) {
    const outcome = await auth.authenticate({ 'x-api-key': oneCharOff(KEY, i) });
    assert.equal(outcome.ok, false, `position ${i}`);
  }
});

test('a prefix, an extension, a case change or the hash itself is not the key', async () => {
  for (const near of [KEY.slice(0, -1), `${KEY}A`, KEY.toUpperCase(), hashApiKey(KEY), hashApiKey(KEY).slice(7), `${KEY}\u0000`]) {
    assert.equal((await auth.authenticate({ 'x-api-key': near })).ok, false);
  }
});

test('no failure reason ever contains the presented key or any part of it', async () => {
  const presented = [oneCharOff(KEY, 10), generateApiKey(), `mw_${'x'.repeat(40)}`, 'mw_!!"bad key"'];
  for (const key of presented) {
    for (const headers of [{ 'x-api-key': key }, { authorization: `Bearer ${key}` }, { authorization: `Basic ${key}` }, { authorization: key }, { authorization: `Bearer ${key}`, 'x-api-key': key }]) {
      const outcome = await auth.authenticate(headers);
      assert.equal(outcome.ok, false);
      if (outcome.ok) continue;
      const body = key.slice(3);
      for (let i = 0; i + 8 <= body.length; i++) {
        assert.ok(!outcome.reason.includes(body.slice(i, i + 8)), `reason "${outcome.reason}" quotes the key`);
        assert.ok(!auth.challenge(outcome, 'https://w/.well-known/oauth-protected-resource').includes(body.slice(i, i + 8)));
      }
    }
  }
});

test('the matcher compares every configured hash: the match is found wherever it is in the list', () => {
  const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, { hash: hashApiKey(`mw_${i}`), principal: `p${i}` }]));
  const match = apiKeyMatcher(many);
  assert.deepEqual(match('mw_0'), { id: 'k0', principal: 'p0' });
  assert.deepEqual(match('mw_19'), { id: 'k19', principal: 'p19' });
  assert.equal(match('mw_20'), undefined);
  assert.equal(apiKeyMatcher({})('mw_0'), undefined);
});

test('without apiKeys, no key authenticates, and API keys alone make the authenticator enabled', async () => {
  const none = createAuthenticator(configWith({}));
  assert.equal(none.enabled, false);
  assert.deepEqual(await none.authenticate({ 'x-api-key': KEY }), { ok: false, status: 401, error: 'invalid_token', reason: 'unknown API key', method: 'api-key' });
  assert.equal(auth.enabled, true);
});
