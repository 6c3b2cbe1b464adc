import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { claims, configWith, jwksServer, keys, now, sign, ISSUER, AUDIENCE } from './helpers.js';
import { bearer } from '../helpers/http.js';

const refused = (reason: string) => ({ ok: false, status: 401, error: 'invalid_token', reason, method: 'jwt' });
const withJwks = (jwksUrl: string, extra: Record<string, unknown> = {}) =>
  createAuthenticator(configWith({ jwt: { issuer: ISSUER, audience: AUDIENCE, jwksUrl, ...extra } }), { now });

test('tokens verify against a JWKS (RSA and EC keys), fetched once and cached', async (t) => {
  const jwks = await jwksServer(t, { keys: [keys.rsa.jwk, keys.ec.jwk] });
  const auth = withJwks(jwks.url);
  assert.equal(jwks.state.fetches, 0, 'nothing is fetched before the first token');
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(await auth.authenticate(bearer(await sign(claims({ jti: `rsa-${i}` })))), {
      ok: true, identity: { principal: 'alice', roles: ['readonly'], method: 'jwt', credentialId: `rsa-${i}` },
    });
    assert.equal((await auth.authenticate(bearer(await sign(claims(), keys.ec)))).ok, true);
  }
  assert.equal(jwks.state.fetches, 1);
});

test('a flood of unknown kids does not refetch the JWKS during the cooldown', async (t) => {
  const jwks = await jwksServer(t, { keys: [keys.rsa.jwk] });
  const auth = withJwks(jwks.url);
  assert.equal((await auth.authenticate(bearer(await sign()))).ok, true);
  for (let i = 0; i < 10; i++) {
    const token = await sign(claims(), keys.attacker, { kid: `forged-${i}` });
    assert.deepEqual(await auth.authenticate(bearer(token)), refused('the token was not signed by any key the issuer publishes'));
  }
  assert.equal(jwks.state.fetches, 1);
});

test('a token signed by another key under a published kid is refused', async (t) => {
  const jwks = await jwksServer(t, { keys: [keys.rsa.jwk] });
  assert.deepEqual(await withJwks(jwks.url).authenticate(bearer(await sign(claims(), keys.attacker))), refused('the token\'s signature does not verify'));
});

test('without a kid, each key of the set is tried; a stranger\'s signature still fails', async (t) => {
  const strip = ({ kid: _kid, ...jwk }: typeof keys.rsa.jwk) => jwk;
  const jwks = await jwksServer(t, { keys: [strip(keys.attacker.jwk), strip(keys.rsa.jwk)] });
  const auth = withJwks(jwks.url);
  assert.equal((await auth.authenticate(bearer(await sign(claims(), keys.rsa, { kid: undefined })))).ok, true);
  const other = { ...keys.attacker, privateKey: keys.ec.privateKey, alg: 'ES256' };
  assert.deepEqual(await auth.authenticate(bearer(await sign(claims(), other, { kid: undefined }))), refused('the token was not signed by any key the issuer publishes'));
  const jwks2 = await jwksServer(t, { keys: [strip(keys.attacker.jwk), strip(keys.attacker.jwk)] });
  assert.deepEqual(await withJwks(jwks2.url).authenticate(bearer(await sign(claims(), keys.rsa, { kid: undefined }))), refused('the token\'s signature does not verify'));
});

test('an HS256 token against a JWKS that publishes a symmetric key is refused by the allowlist', async (t) => {
  const secret = new TextEncoder().encode('shared-secret-of-at-least-32-bytes!!');
  const jwks = await jwksServer(t, { keys: [{ kty: 'oct', k: Buffer.from(secret).toString('base64url'), kid: 'rsa-1' }, keys.rsa.jwk] });
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).sign(secret);
  assert.deepEqual(await withJwks(jwks.url).authenticate(bearer(token)), refused('the token\'s algorithm is not allowed here (allowed: RS256, PS256, ES256, EdDSA)'));
  assert.equal(jwks.state.fetches, 0, 'refused before any key is fetched');
});

test('an unreachable or failing JWKS refuses the token (fail closed) with a reason that says so', async (t) => {
  const down = http.createServer();
  await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
  const { port } = down.address() as AddressInfo;
  await new Promise<void>((resolve) => down.close(() => resolve()));
  const fetchFailed = refused('the token cannot be checked now: the issuer\'s keys (JWKS) could not be fetched');
  assert.deepEqual(await withJwks(`http://127.0.0.1:${port}/jwks.json`).authenticate(bearer(await sign())), fetchFailed);
  const failing = http.createServer((_req, res) => { res.statusCode = 500; res.end('{}'); });
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  t.after(() => failing.close());
  assert.deepEqual(await withJwks(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/`).authenticate(bearer(await sign())), fetchFailed);
});

test('a JWKS redirect is not followed: the key set must come from the configured URL', async (t) => {
  const attacker = await jwksServer(t, { keys: [keys.attacker.jwk] });
  const redirect = http.createServer((_req, res) => { res.writeHead(302, { location: attacker.url }); res.end(); });
  await new Promise<void>((resolve) => redirect.listen(0, '127.0.0.1', resolve));
  t.after(() => redirect.close());
  const auth = withJwks(`http://127.0.0.1:${(redirect.address() as AddressInfo).port}/jwks.json`);
  assert.equal((await auth.authenticate(bearer(await sign(claims(), keys.attacker)))).ok, false);
  assert.equal(attacker.state.fetches, 0);
});
