import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { hashApiKey, generateApiKey } from '../../src/auth/api-keys.js';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { AUDIENCE, ISSUER, configWith, keys, pemJwt } from './helpers.js';
import { problems as problemsOf } from '../helpers/config.js';

const ALLOWED = 'expected one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519';
const UNKNOWN = 'unknown key; check the spelling (unknown keys are refused so that a typo cannot weaken a rule)';

/** The lines a user reads for a config error in these auth settings. */
const problems = (auth: Record<string, unknown>, extra: Record<string, unknown> = {}) => problemsOf(() => configWith(auth, extra));

test('{} configures no credential: shared mode cannot start', () => {
  const config = configWith({});
  assert.deepEqual(config.auth, { apiKeys: {} });
  assert.equal(createAuthenticator(config).enabled, false);
});

test('jwt defaults: asymmetric allowlist, 30 s tolerance, principal from sub, no roles, no scopes', () => {
  const jwt = configWith({ jwt: pemJwt() }).auth.jwt!;
  assert.deepEqual(jwt.algorithms, ['RS256', 'PS256', 'ES256', 'EdDSA']);
  assert.equal(jwt.clockToleranceSec, 30);
  assert.deepEqual(jwt.claims, { principal: 'sub' });
  assert.equal(jwt.allowedRoles, undefined);
  assert.deepEqual(jwt.requiredScopes, []);
  assert.equal(createAuthenticator(configWith({ jwt: pemJwt() })).enabled, true);
});

test('alg "none" and HMAC algorithms are config errors that say why', () => {
  assert.deepEqual(problems({ jwt: pemJwt({ algorithms: ['none', 'HS256', 'hs512', 'RS1'] }) }), [
    `auth.jwt.algorithms[0]: an unsigned token ("none") can be forged by anyone: ${ALLOWED}, got "none"`,
    `auth.jwt.algorithms[1]: an HMAC algorithm verifies with a shared secret, and anyone who has the public key could use it as that secret to forge tokens: ${ALLOWED}, got "HS256"`,
    `auth.jwt.algorithms[2]: an HMAC algorithm verifies with a shared secret, and anyone who has the public key could use it as that secret to forge tokens: ${ALLOWED}, got "hs512"`,
    `auth.jwt.algorithms[3]: ${ALLOWED}, got "RS1"`,
  ]);
  assert.deepEqual(problems({ jwt: pemJwt({ algorithms: [] }) }), ['auth.jwt.algorithms: Too small: expected array to have >=1 items, got []']);
});

test('exactly one of jwksUrl and publicKey', () => {
  assert.deepEqual(problems({ jwt: pemJwt({ jwksUrl: 'https://idp.example.com/jwks.json' }) }), ['auth.jwt: expected exactly one of jwksUrl or publicKey, got both']);
  assert.deepEqual(problems({ jwt: { issuer: ISSUER, audience: AUDIENCE } }),
    ['auth.jwt: expected exactly one of jwksUrl or publicKey, got neither: tokens cannot be verified without a key']);
});

test('jwksUrl must be https; plain http only to loopback', () => {
  const url = (jwksUrl: string) => ({ jwt: { issuer: ISSUER, audience: AUDIENCE, jwksUrl } });
  for (const ok of ['https://idp.example.com/jwks.json', 'http://127.0.0.1:9999/jwks', 'http://localhost/jwks', 'http://[::1]:8080/jwks']) {
    assert.equal(configWith(url(ok)).auth.jwt?.jwksUrl, ok);
  }
  for (const bad of ['http://idp.example.com/jwks.json', 'http://127.0.0.1.evil.example/jwks', 'http://localhost.evil.example/', 'ftp://idp.example.com/jwks', 'file:///etc/jwks.json', 'idp.example.com/jwks']) {
    assert.deepEqual(problems(url(bad)), [`auth.jwt.jwksUrl: expected an https URL (http only for localhost, 127.0.0.1 or ::1), got "${bad}"`]);
  }
});

test('claims.roles needs allowedRoles, and allowedRoles needs claims.roles and known roles', () => {
  assert.deepEqual(problems({ jwt: pemJwt({ claims: { roles: 'roles' } }) }), [
    'auth.jwt.allowedRoles: expected the roles a token may confer, since claims.roles is set; without this list the identity provider could make anyone admin',
  ]);
  assert.deepEqual(problems({ jwt: pemJwt({ allowedRoles: ['analyst'] }) }), [
    'auth.jwt.claims.roles: expected the claim that carries roles, since allowedRoles is set; without it no token confers a role',
  ]);
  assert.deepEqual(problems({ jwt: pemJwt({ claims: { roles: 'roles' }, allowedRoles: ['analyst', 'auditor', 'superuser'] }) }, { roles: { auditor: ['file:read'] } }), [
    'auth.jwt.allowedRoles[2]: unknown role "superuser"; known roles: admin, developer, analyst, readonly, auditor',
  ]);
});

test('issuer and audience are required; clock tolerance is capped at 300 s; typos are refused', () => {
  assert.deepEqual(problems({ jwt: { publicKey: keys.rsa.pem, audience: AUDIENCE } }), ['auth.jwt.issuer: expected string, got nothing']);
  assert.deepEqual(problems({ jwt: { publicKey: keys.rsa.pem, issuer: ISSUER } }),
    ["auth.jwt.audience: expected the audience tokens must be issued for (this server's URL, or a list), got nothing"]);
  assert.deepEqual(problems({ jwt: pemJwt({ audience: [] }) }), ['auth.jwt.audience: Too small: expected array to have >=1 items, got []']);
  assert.deepEqual(problems({ jwt: pemJwt({ clockToleranceSec: 301 }) }), ['auth.jwt.clockToleranceSec: Too big: expected number to be <=300, got 301']);
  assert.deepEqual(problems({ jwt: pemJwt({ issuerUrl: ISSUER, claims: { role: 'roles' } }) }), [`auth.jwt.claims.role: ${UNKNOWN}`, `auth.jwt.issuerUrl: ${UNKNOWN}`]);
  assert.deepEqual(problems({ apikeys: {} }), [`auth.apikeys: ${UNKNOWN}`]);
});

test('an API key hash must be sha256 hex; a raw key in its place is called out and never echoed', () => {
  const key = generateApiKey();
  const lines = problems({ apiKeys: { leaked: { hash: key, principal: 'ci' }, short: { hash: 'sha256:abc', principal: 'ci' }, upper: { hash: hashApiKey(key).toUpperCase(), principal: 'ci' } } });
  assert.deepEqual(lines, [
    'auth.apiKeys.leaked.hash: this looks like the key itself: store only its hash (mcp-warden auth hash-key --stdin prints it), and treat the key as leaked',
    'auth.apiKeys.short.hash: expected "sha256:" and 64 lowercase hex digits, as mcp-warden auth hash-key prints it',
    'auth.apiKeys.upper.hash: expected "sha256:" and 64 lowercase hex digits, as mcp-warden auth hash-key prints it',
  ]);
  assert.ok(!lines.join('\n').includes(key.slice(3, 15)));
});

test('an API key must name a principal in users, and each key must be distinct', () => {
  const hash = hashApiKey(generateApiKey());
  assert.deepEqual(problems({ apiKeys: { a: { hash, principal: 'nobody' }, b: { hash, principal: 'ci' } } }), [
    'auth.apiKeys.a.principal: principal "nobody" is not in users, so the key would have no roles; add users.nobody',
    'auth.apiKeys.b.hash: the same key as auth.apiKeys.a; give each client its own key (mcp-warden auth hash-key)',
  ]);
  assert.deepEqual(problems({ apiKeys: { 'my key': { hash, principal: 'ci' } } }), ['auth.apiKeys.my key: "my key" is not an allowed name: expected a name of letters, digits, _ . -']);
});

test('publicKey: a private key, garbage, a missing file, or a key no configured algorithm fits', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.deepEqual(problems({ jwt: pemJwt({ publicKey: pem }) }), [
    'auth.jwt.publicKey: expected a public key, got a private key: give the public key only, and treat this private key as leaked',
  ]);
  const garbage = problems({ jwt: pemJwt({ publicKey: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----' }) });
  assert.equal(garbage.length, 1);
  assert.match(garbage[0], /^auth\.jwt\.publicKey: expected a PEM public key \("-----BEGIN PUBLIC KEY-----"\), but it does not parse: /);
  assert.deepEqual(problems({ jwt: pemJwt({ publicKey: 'keys/missing.pem' }) }), ['auth.jwt.publicKey: cannot read the PEM file /etc/warden-test/keys/missing.pem: it does not exist']);
  assert.deepEqual(problems({ jwt: pemJwt({ publicKey: '~/warden-no-such-key.pem' }) }),
    [`auth.jwt.publicKey: cannot read the PEM file ${path.join(os.homedir(), 'warden-no-such-key.pem')}: it does not exist`]);
  assert.deepEqual(problems({ jwt: pemJwt({ publicKey: keys.ec.pem, algorithms: ['RS256', 'PS256'] }) }), [
    'auth.jwt.algorithms: expected an algorithm this ec public key can verify (ES256), got RS256, PS256',
  ]);
});

test('oauth.resource must be one of the JWT audiences, and oauth needs jwt', () => {
  assert.deepEqual(problems({ jwt: pemJwt(), oauth: { resource: 'https://other.example.com/mcp' } }), [
    `auth.oauth.resource: expected a value listed in auth.jwt.audience (${AUDIENCE}), got "https://other.example.com/mcp": tokens issued for this resource would be refused`,
  ]);
  assert.equal(configWith({ jwt: pemJwt({ audience: ['urn:x', AUDIENCE] }), oauth: { resource: AUDIENCE } }).auth.oauth?.resource, AUDIENCE);
  assert.deepEqual(problems({ oauth: { authorizationServers: [ISSUER] } }), [
    'auth.oauth: expected auth.jwt as well: the metadata sends clients to an authorization server whose tokens this server would refuse',
  ]);
  assert.deepEqual(problems({ jwt: pemJwt(), oauth: { resource: 'not a url' } }), ['auth.oauth.resource: expected an absolute URL, got "not a url"']);
});

test('the loaded auth section is frozen', () => {
  const config = configWith({ jwt: pemJwt({ claims: { roles: 'roles' }, allowedRoles: ['analyst'] }) });
  assert.throws(() => { (config.auth.jwt!.allowedRoles as string[]).push('admin'); }, TypeError);
  assert.throws(() => { (config.auth.jwt!.algorithms as string[])[0] = 'HS256'; }, TypeError);
});

test('the JSON Schema offers the algorithm allowlist and refuses unknown auth keys', () => {
  const schema = configJsonSchema() as any;
  const jwt = schema.properties.auth.properties.jwt;
  assert.deepEqual(jwt.properties.algorithms.items.enum, ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']);
  assert.deepEqual(jwt.required, ['issuer', 'audience']);
  assert.equal(schema.properties.auth.properties.apiKeys.additionalProperties.properties.hash.pattern, '^sha256:[0-9a-f]{64}$');
  assert.equal(jwt.additionalProperties, false);
  assert.equal(schema.properties.auth.additionalProperties, false);
});
