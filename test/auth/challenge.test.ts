import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthenticator, type AuthFailure } from '../../src/auth/authenticate.js';
import { claims, configWith, now, NOW_S, pemJwt, sign } from './helpers.js';
import { bearer } from '../helpers/http.js';

const META = 'https://warden.example.com/.well-known/oauth-protected-resource';
const auth = createAuthenticator(configWith({ jwt: pemJwt() }), { now });
const failure = async (headers: Record<string, string>) => {
  const outcome = await auth.authenticate(headers);
  assert.ok(!outcome.ok);
  return outcome;
};

test('no credential: resource_metadata only, no error code (RFC 6750 §3.1)', async () => {
  assert.equal(auth.challenge(await failure({}), META), `Bearer resource_metadata="${META}"`);
  assert.equal(auth.challenge(await failure({ authorization: 'Basic YTpi' }), META), `Bearer resource_metadata="${META}"`);
});

test('an invalid token: error and error_description', async () => {
  const expired = await failure(bearer(await sign(claims({ exp: NOW_S - 3600 }))));
  assert.equal(auth.challenge(expired, META),
    `Bearer resource_metadata="${META}", error="invalid_token", error_description="the token expired at 2026-11-27T09:00:00Z"`);
  const forged = await failure(bearer(`${await sign()}x`));
  assert.equal(auth.challenge(forged, META),
    `Bearer resource_metadata="${META}", error="invalid_token", error_description="the token's signature does not verify"`);
});

test('insufficient scope: 403 and the scopes to ask for', async () => {
  const scoped = createAuthenticator(configWith({ jwt: pemJwt({ requiredScopes: ['mcp:tools', 'mcp:read'] }) }), { now });
  const outcome = await scoped.authenticate(bearer(await sign(claims({ scope: 'mcp:read' }))));
  assert.ok(!outcome.ok);
  assert.equal(outcome.status, 403);
  assert.equal(scoped.challenge(outcome, META),
    `Bearer resource_metadata="${META}", error="insufficient_scope", error_description="the token lacks the scope mcp:tools", scope="mcp:tools mcp:read"`);
});

test('a crafted reason or URL cannot break out of the quoted string or inject a header line', () => {
  const evil: AuthFailure = { ok: false, status: 401, error: 'invalid_token', reason: 'a "quoted" \\ reason\r\nSet-Cookie: x=1 é' };
  const value = auth.challenge(evil, 'https://w.example/"x\\y\r\n');
  assert.equal(value, 'Bearer resource_metadata="https://w.example/\\"x\\\\y??", error="invalid_token", error_description="a \'quoted\' / reason??Set-Cookie: x=1 ?"');
  assert.doesNotMatch(value, /[\r\n]/);
  assert.match(value, /^[\x20-\x7e]*$/);
});
