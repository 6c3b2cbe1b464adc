import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { generateApiKey, hashApiKey } from '../../src/auth/api-keys.js';
import { configWith, now, pemJwt, sign } from './helpers.js';

const KEY = generateApiKey();
const auth = createAuthenticator(configWith({ apiKeys: { ci: { hash: hashApiKey(KEY), principal: 'ci' } }, jwt: pemJwt() }), { now });
const noCredential = { ok: false, status: 401, error: 'invalid_request', reason: 'no credential: send Authorization: Bearer <token> or X-API-Key: <key>' };

test('no credential at all: 401 invalid_request, and a blank header counts as none', async () => {
  for (const headers of [{}, { authorization: '' }, { 'x-api-key': '  ' }, { authorization: ' ', 'x-api-key': '' }, { authorization: [] }]) {
    assert.deepEqual(await auth.authenticate(headers), noCredential, JSON.stringify(headers));
  }
});

test('another scheme (Basic, Digest, a bare key) is refused as no usable credential', async () => {
  const reason = 'the Authorization header must use the Bearer scheme: Authorization: Bearer <token>';
  for (const authorization of [`Basic ${Buffer.from(`ci:${KEY}`).toString('base64')}`, 'Digest username="ci"', KEY, `Bearer-${KEY}`, `Token ${KEY}`]) {
    assert.deepEqual(await auth.authenticate({ authorization }), { ok: false, status: 401, error: 'invalid_request', reason });
  }
});

test('"Bearer" without a token, or with characters no token has, is refused', async () => {
  for (const authorization of ['Bearer', 'bearer   ']) {
    assert.deepEqual(await auth.authenticate({ authorization }), { ok: false, status: 401, error: 'invalid_request', reason: 'the Authorization header has no token after Bearer' });
  }
  const malformed = { ok: false, status: 401, error: 'invalid_token', reason: 'the bearer token is malformed: it has characters a token cannot have' };
  for (const authorization of [`Bearer ${KEY} ${KEY}`, `Bearer ${KEY},x`, 'Bearer a"b', 'Bearer =abc', `Bearer ${KEY}\u00e9`]) {
    assert.deepEqual(await auth.authenticate({ authorization }), malformed, authorization);
  }
});

test('two credentials at once are refused, even when both are valid', async () => {
  const reason = 'send one credential, not both Authorization and X-API-Key';
  assert.deepEqual(await auth.authenticate({ authorization: `Bearer ${await sign()}`, 'x-api-key': KEY }), { ok: false, status: 401, error: 'invalid_request', reason });
  assert.deepEqual(await auth.authenticate({ authorization: `Bearer ${KEY}`, 'x-api-key': KEY }), { ok: false, status: 401, error: 'invalid_request', reason });
});

test('a repeated credential header is refused, not merged or picked from', async () => {
  const refused = (reason: string) => ({ ok: false, status: 401, error: 'invalid_request', reason });
  assert.deepEqual(await auth.authenticate({ 'x-api-key': [KEY, generateApiKey()] }), refused('send one credential: the X-API-Key header was sent 2 times'));
  assert.deepEqual(await auth.authenticate({ authorization: [`Bearer ${KEY}`, `Bearer ${KEY}`] }), refused('send one credential: the Authorization header was sent 2 times'));
  // A blank copy is still a copy: the proxy in front may read that one.
  assert.deepEqual(await auth.authenticate({ authorization: [`Bearer ${KEY}`, '', ' '] }), refused('send one credential: the Authorization header was sent 3 times'));
  assert.deepEqual(await auth.authenticate({ authorization: [`Bearer ${KEY}`, `Bearer ${KEY}`], 'x-api-key': KEY }), refused('send one credential: the Authorization header was sent 2 times'));
  assert.equal((await auth.authenticate({ 'x-api-key': [KEY] })).ok, true, 'one value in a list is one header');
});

test('the scheme is case-insensitive; an mw_ Bearer value is an API key, anything else a JWT', async () => {
  assert.equal((await auth.authenticate({ authorization: `BEARER ${KEY}` })).ok, true);
  assert.equal((await auth.authenticate({ authorization: `bearer ${await sign()}` })).ok, true);
  const jwtLike = await auth.authenticate({ authorization: `Bearer x${KEY}` });
  assert.equal(!jwtLike.ok && jwtLike.method, 'jwt');
  const keyLike = await auth.authenticate({ authorization: 'Bearer mw_eyJhbGciOiJub25lIn0.e30.' });
  assert.equal(!keyLike.ok && keyLike.method, 'api-key');
});
