import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { createAuthenticator, type AuthOutcome } from '../../src/auth/authenticate.js';
import { jwtVerifier } from '../../src/auth/jwt.js';
import { parseConfig } from '../../src/startup.js';
import { AUDIENCE, ISSUER, NOW_S, USERS, b64, claims, configWith, keys, now, pemJwt, sign } from './helpers.js';
import { bearer } from '../helpers/http.js';

const auth = createAuthenticator(configWith({ jwt: pemJwt() }), { now });
const check = (token: string) => auth.authenticate(bearer(token));

const refused = (reason: string, status = 401, error = 'invalid_token') => ({ ok: false, status, error, reason, method: 'jwt' });
/** RS256 and PS256: the default allowlist narrowed to what an RSA key can verify. */
const NOT_ALLOWED = refused('the token\'s algorithm is not allowed here (allowed: RS256, PS256)');
const BAD_SIGNATURE = refused('the token\'s signature does not verify');

function tamper(token: string, part: 0 | 1 | 2, edit: (segment: string) => string): string {
  const parts = token.split('.');
  parts[part] = edit(parts[part]);
  return parts.join('.');
}

test('a valid RS256 token from a PEM key: principal from sub, roles from users, credentialId from jti', async () => {
  assert.deepEqual(await check(await sign(claims({ jti: 'tok-42' }))), {
    ok: true, identity: { principal: 'alice', roles: ['readonly'], method: 'jwt', credentialId: 'tok-42' },
  });
});

test('without jti, the credential id is issuer and subject', async () => {
  const outcome = await check(await sign());
  assert.ok(outcome.ok);
  assert.equal(outcome.identity.credentialId, `${ISSUER} alice`);
});

test('a valid ES256 token verifies with an EC PEM key', async () => {
  const ec = createAuthenticator(configWith({ jwt: pemJwt({ publicKey: keys.ec.pem, algorithms: ['ES256'] }) }), { now });
  const outcome = await ec.authenticate(bearer(await sign(claims(), keys.ec)));
  assert.equal(outcome.ok, true);
});

test('a principal unknown to users gets no roles; prototype names inherit nothing', async () => {
  for (const sub of ['bob', 'constructor', '__proto__', 'toString']) {
    assert.deepEqual(await check(await sign(claims({ sub }))), {
      ok: true, identity: { principal: sub, roles: [], method: 'jwt', credentialId: `${ISSUER} ${sub}` },
    });
  }
});

test('expired: refused with the expiry time', async () => {
  assert.deepEqual(await check(await sign(claims({ exp: NOW_S - 3600 }))), refused('the token expired at 2026-11-27T09:00:00Z'));
});

test('clock tolerance: 30 s by default, either way, and configurable down to 0', async () => {
  assert.equal((await check(await sign(claims({ exp: NOW_S - 29 })))).ok, true);
  assert.deepEqual(await check(await sign(claims({ exp: NOW_S - 31 }))), refused('the token expired at 2026-11-27T09:59:29Z'));
  assert.equal((await check(await sign(claims({ nbf: NOW_S + 29 })))).ok, true);
  const strict = createAuthenticator(configWith({ jwt: pemJwt({ clockToleranceSec: 0 }) }), { now });
  assert.deepEqual(await strict.authenticate(bearer(await sign(claims({ exp: NOW_S - 1 })))), refused('the token expired at 2026-11-27T09:59:59Z'));
});

test('nbf in the future: refused with the time it becomes valid', async () => {
  assert.deepEqual(await check(await sign(claims({ nbf: NOW_S + 3600 }))), refused('the token is not valid before 2026-11-27T11:00:00Z'));
});

test('a token without exp is refused: every token must expire', async () => {
  const { exp: _exp, ...rest } = claims();
  assert.deepEqual(await check(await sign(rest)), refused('the token has no expiry (exp) claim'));
  assert.deepEqual(await check(await sign(claims({ exp: 'tomorrow' as unknown as number }))), refused('the token\'s expiry (exp) claim is not a number'));
});

test('wrong or missing audience is refused, naming the audience expected', async () => {
  assert.deepEqual(await check(await sign(claims({ aud: 'https://other.example.com/mcp' }))), refused(`the token's audience is not ${AUDIENCE}`));
  const { aud: _aud, ...rest } = claims();
  assert.deepEqual(await check(await sign(rest)), refused('the token has no audience (aud) claim'));
  const two = createAuthenticator(configWith({ jwt: pemJwt({ audience: [AUDIENCE, 'urn:warden'] }) }), { now });
  assert.equal((await two.authenticate(bearer(await sign(claims({ aud: ['x', 'urn:warden'] }))))).ok, true);
  assert.deepEqual(await two.authenticate(bearer(await sign(claims({ aud: 'x' })))), refused(`the token's audience is not ${AUDIENCE} or urn:warden`));
});

test('wrong issuer is refused; the token\'s own value is never echoed', async () => {
  const outcome = await check(await sign(claims({ iss: 'https://evil.example/\r\nX-Injected: 1' })));
  assert.deepEqual(outcome, refused(`the token's issuer is not ${ISSUER}`));
});

test('alg "none", crafted by hand, is refused before any key is looked at', async () => {
  const header = b64({ alg: 'none', typ: 'JWT' });
  for (const token of [`${header}.${b64(claims())}.`, `${b64({ alg: 'None' })}.${b64(claims())}.`]) {
    assert.deepEqual(await check(token), NOT_ALLOWED);
  }
});

test('key confusion: an HS256 token signed with the public key PEM as the HMAC secret is refused', async () => {
  for (const secret of [keys.rsa.pem, keys.rsa.pem.trim(), `${keys.rsa.pem}\n`]) {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
    assert.deepEqual(await check(token), NOT_ALLOWED);
  }
});

test('key confusion stays closed below the schema: HS256 in the verifier\'s own allowlist is dropped for a public key', async () => {
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(keys.rsa.pem));
  const verify = jwtVerifier({ ...configWith({ jwt: pemJwt() }).auth.jwt!, algorithms: ['HS256', 'RS256'] }, now);
  assert.deepEqual(await verify(token), { ok: false, reason: 'the token\'s algorithm is not allowed here (allowed: RS256)' });
});

test('an RS256 header on an EC key is refused as an algorithm the key cannot do', async () => {
  const ec = createAuthenticator(configWith({ jwt: pemJwt({ publicKey: keys.ec.pem }) }), { now });
  assert.deepEqual(await ec.authenticate(bearer(await sign())), refused('the token\'s algorithm is not allowed here (allowed: ES256)'));
});

test('a tampered payload with the original signature is refused', async () => {
  const token = await sign();
  const forged = tamper(token, 1, () => b64(claims({ sub: 'admin' })));
  assert.deepEqual(await check(forged), BAD_SIGNATURE);
});

test('a tampered signature is refused', async () => {
  const token = await sign();
  const forged = tamper(token, 2, (s) => s.slice(0, 20) + (s[20] === 'A' ? 'B' : 'A') + s.slice(21));
  assert.deepEqual(await check(forged), BAD_SIGNATURE);
  assert.deepEqual(await check(tamper(token, 2, () => '')), BAD_SIGNATURE);
});

test('a token signed by another key (same kid, same alg) is refused', async () => {
  assert.deepEqual(await check(await sign(claims(), keys.attacker)), BAD_SIGNATURE);
});

test('order of checks: algorithm, then signature, then claims, then principal, then scope', async () => {
  const expiredForged = tamper(await sign(claims({ exp: NOW_S - 3600, iss: 'x' })), 2, (s) => `A${s.slice(1)}`);
  assert.deepEqual(await check(expiredForged), BAD_SIGNATURE, 'signatures are compared before claims');
  const none = `${b64({ alg: 'none' })}.${b64(claims({ exp: 1 }))}.`;
  assert.deepEqual(await check(none), NOT_ALLOWED, 'the algorithm is checked before anything else');
  const scoped = createAuthenticator(configWith({ jwt: pemJwt({ requiredScopes: ['mcp:tools'] }) }), { now });
  const { sub: _sub, ...noSub } = claims({ exp: NOW_S - 3600 });
  assert.deepEqual(await scoped.authenticate(bearer(await sign(noSub))), refused('the token expired at 2026-11-27T09:00:00Z'), 'claims before principal');
  const { sub: _s, ...valid } = claims();
  assert.deepEqual(await scoped.authenticate(bearer(await sign(valid))), refused('the token has no sub claim naming the principal'), 'principal before scope');
});

test('a missing or non-string principal claim is refused', async () => {
  const { sub: _sub, ...rest } = claims();
  assert.deepEqual(await check(await sign(rest)), refused('the token has no sub claim naming the principal'));
  assert.deepEqual(await check(await sign(claims({ sub: '' }))), refused('the token has no sub claim naming the principal'));
  const byEmail = createAuthenticator(configWith({ jwt: pemJwt({ claims: { principal: 'email' } }) }), { now });
  for (const email of [42, ['alice'], { id: 'alice' }, null]) {
    assert.deepEqual(await byEmail.authenticate(bearer(await sign(claims({ email })))), refused('the token has no email claim naming the principal'));
  }
  assert.equal(((await byEmail.authenticate(bearer(await sign(claims({ email: 'alice' }))))) as { identity: { principal: string } }).identity.principal, 'alice');
});

const ROLES = { claims: { roles: 'roles' }, allowedRoles: ['analyst', 'readonly'] };

test('token roles: only those in allowedRoles are kept; "admin" from the IdP is dropped', async () => {
  const withRoles = createAuthenticator(configWith({ jwt: pemJwt(ROLES) }), { now });
  const roles = async (value: unknown, sub = 'alice') => {
    const outcome = await withRoles.authenticate(bearer(await sign(claims({ sub, roles: value }))));
    assert.ok(outcome.ok, JSON.stringify(outcome));
    return outcome.identity.roles;
  };
  assert.deepEqual(await roles(['admin', 'analyst', 'superuser']), ['readonly', 'analyst']);
  assert.deepEqual(await roles('admin analyst'), ['readonly', 'analyst'], 'a space-separated string');
  assert.deepEqual(await roles(['admin'], 'bob'), []);
  assert.deepEqual(await roles([7, null, 'readonly', 'readonly'], 'bob'), ['readonly']);
  assert.deepEqual(await roles({ admin: true }, 'bob'), []);
});

test('without claims.roles, a roles claim in the token confers nothing', async () => {
  const outcome = await check(await sign(claims({ sub: 'bob', roles: ['admin'] })));
  assert.ok(outcome.ok);
  assert.deepEqual(outcome.identity.roles, []);
});

test('a dotted roles claim reads nested claims (Keycloak), an exact key wins (Auth0 URL claims)', async () => {
  const nested = createAuthenticator(configWith({ jwt: pemJwt({ ...ROLES, claims: { roles: 'realm_access.roles' } }) }), { now });
  const a = await nested.authenticate(bearer(await sign(claims({ sub: 'bob', realm_access: { roles: ['analyst', 'admin'] } }))));
  assert.ok(a.ok);
  assert.deepEqual(a.identity.roles, ['analyst']);
  const url = createAuthenticator(configWith({ jwt: pemJwt({ ...ROLES, claims: { roles: 'https://warden.example.com/roles' } }) }), { now });
  const b = await url.authenticate(bearer(await sign(claims({ sub: 'bob', 'https://warden.example.com/roles': ['readonly'] }))));
  assert.ok(b.ok);
  assert.deepEqual(b.identity.roles, ['readonly']);
});

test('requiredScopes: a token without them is 403 insufficient_scope; scope and scp both count', async () => {
  const scoped = createAuthenticator(configWith({ jwt: pemJwt({ requiredScopes: ['mcp:tools', 'mcp:read'] }) }), { now });
  const run = async (extra: Record<string, unknown>) => scoped.authenticate(bearer(await sign(claims(extra))));
  assert.deepEqual(await run({}), refused('the token lacks the scopes mcp:tools, mcp:read', 403, 'insufficient_scope'));
  assert.deepEqual(await run({ scope: 'openid mcp:read' }), refused('the token lacks the scope mcp:tools', 403, 'insufficient_scope'));
  assert.deepEqual(await run({ scope: 'mcp:tools:extra mcp:read' }), refused('the token lacks the scope mcp:tools', 403, 'insufficient_scope'));
  assert.equal((await run({ scope: 'openid mcp:tools mcp:read' })).ok, true);
  assert.equal((await run({ scp: ['mcp:tools', 'mcp:read'] })).ok, true);
});

test('a malformed token is refused as malformed', async () => {
  for (const token of ['abc', 'a.b', 'a.b.c', `${b64('{')}.${b64(claims())}.sig`, `${b64('[1]')}.${b64(claims())}.sig`]) {
    assert.deepEqual(await check(token), refused('the token is malformed: not a signed JWT'), token);
  }
});

test('bearer tokens when auth.jwt is not configured are refused', async () => {
  const keysOnly = createAuthenticator(configWith({}), { now });
  assert.deepEqual(await keysOnly.authenticate(bearer(await sign())), refused('this server accepts no bearer tokens (auth.jwt is not configured)'));
});

test('no failure reason contains any part of the token', async () => {
  const tokens = [
    await sign(claims({ exp: NOW_S - 3600 })), await sign(claims({ aud: 'x' })), await sign(claims(), keys.attacker),
    tamper(await sign(), 1, () => b64(claims({ sub: 'admin' }))), `${b64({ alg: 'none' })}.${b64(claims())}.`,
  ];
  for (const token of tokens) {
    const outcome: AuthOutcome = await check(token);
    assert.equal(outcome.ok, false);
    if (outcome.ok) continue;
    for (let i = 0; i + 8 <= token.length; i += 4) assert.ok(!outcome.reason.includes(token.slice(i, i + 8)), outcome.reason);
  }
});

test('publicKey as a path resolves against the config folder', async (t) => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'warden-auth-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'keys'));
  fs.writeFileSync(path.join(dir, 'keys', 'idp.pem'), keys.rsa.pem);
  const config = parseConfig({ users: USERS, auth: { jwt: pemJwt({ publicKey: 'keys/idp.pem' }) } }, path.join(dir, 'mcp-warden.json'), {});
  assert.equal(config.auth.jwt?.publicKey, path.join(dir, 'keys', 'idp.pem'));
  assert.equal((await createAuthenticator(config, { now }).authenticate(bearer(await sign()))).ok, true);
});
