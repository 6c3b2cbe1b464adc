import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { apiKey, connect, jwtConfig, jwtIssuer, MCP_HEADERS, raw, refusalRows, startHttp, toolCall, USERS, ISSUER, AUDIENCE } from './helpers.js';
import { bearer } from '../helpers/http.js';

const idp = await jwtIssuer('RS256');
const stranger = await jwtIssuer('RS256');
const key = apiKey();
const server = await startHttp(() => ({
  users: USERS,
  auth: { apiKeys: { 'alice-key': { hash: key.hash, principal: 'alice' } }, jwt: jwtConfig(idp.publicKey, idp.alg) },
}));
after(() => server.stop());
// A live session of alice's: a bad credential must not get in even with its id.
const alice = await connect(server, bearer(await idp.sign({ sub: 'alice' })));

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', iat: now(), exp: now() + 3600 });

async function tampered(): Promise<string> {
  const [header, , signature] = (await idp.sign({ sub: 'carol' })).split('.');
  return `${header}.${b64({ ...claims(), sub: 'alice' })}.${signature}`;
}

const CASES: Array<[string, () => Promise<Record<string, string>>, RegExp]> = [
  ['a wrong API key', async () => ({ 'X-API-Key': apiKey().key }), /unknown API key/],
  ['a wrong API key as Bearer', async () => bearer(apiKey().key), /unknown API key/],
  ['a token signed by another key', async () => bearer(await stranger.sign({ sub: 'alice' })), /signature/],
  ['an expired token', async () => bearer(await idp.sign({ sub: 'alice', iat: now() - 7200, exp: now() - 3600 })), /expired/],
  ['a token for another audience', async () => bearer(await idp.sign({ sub: 'alice', aud: 'someone-else' })), /aud/],
  ['a token from another issuer', async () => bearer(await idp.sign({ sub: 'alice', iss: 'https://evil.example' })), /iss/],
  ['an unsigned token (alg none)', async () => bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`), /./],
  ['a token whose claims were edited after signing', async () => bearer(await tampered()), /signature/],
  ['an HS256 token made with the public key as secret', async () => bearer(await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(idp.publicKey))), /./],
  ['no credential at all', async () => ({}), /no credential/],
  ['a Basic credential', async () => ({ Authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` }), /Bearer/],
];

for (const [name, headers, reason] of CASES) {
  test(`${name}: 401 with a resource_metadata challenge, nothing runs, an anonymous audit row without the credential`, async () => {
    const sent = await headers();
    const target = path.join(server.ws, `${name.replace(/\W+/g, '-')}.txt`);
    const before = refusalRows(server).length;
    const res = await raw(server, {
      headers: { ...MCP_HEADERS, ...sent, 'Mcp-Session-Id': alice.sessionId },
      body: toolCall('write_file', { path: target, content: 'pwned' }),
    });
    assert.equal(res.status, 401, res.body);
    assert.match(String(res.headers['www-authenticate']), new RegExp(`^Bearer resource_metadata="${server.base}/\\.well-known/oauth-protected-resource/mcp"`));
    const body = res.json();
    assert.ok(['invalid_token', 'invalid_request'].includes(body.error), body.error);
    assert.match(body.error_description, reason);
    assert.equal(fs.existsSync(target), false);

    const rows = refusalRows(server);
    assert.equal(rows.length, before + 1);
    const row = rows.at(-1)!;
    assert.equal(row.principal, 'anonymous');
    assert.equal(row.tool, 'write_file');
    assert.equal(row.decision, 'deny');
    assert.equal(row.detail.step, 'authenticate');
    assert.equal(row.detail.ip, '127.0.0.1');
    assert.match(row.reason, reason);
    const secret = Object.values(sent).join(' ').replace(/^(Bearer|Basic) /, '');
    const everything = JSON.stringify(server.rows()) + server.stderr();
    if (secret) assert.ok(!everything.includes(secret), 'the credential never reaches the audit log or the logs');
  });
}

test('insufficient scope is 403 with the scope in the challenge', async () => {
  const scoped = await jwtIssuer('RS256');
  const s = await startHttp(() => ({ users: USERS, auth: { jwt: jwtConfig(scoped.publicKey, scoped.alg, { requiredScopes: ['mcp:tools'] }) } }));
  try {
    const res = await raw(s, { headers: { ...MCP_HEADERS, ...bearer(await scoped.sign({ sub: 'alice', scope: 'profile' })) }, body: toolCall('list_allowed_directories', {}) });
    assert.equal(res.status, 403);
    assert.match(String(res.headers['www-authenticate']), /error="insufficient_scope"/);
    assert.match(String(res.headers['www-authenticate']), /scope="mcp:tools"/);
    assert.equal(refusalRows(s).at(-1)?.detail.method, 'jwt');
  } finally {
    await s.stop();
  }
});

test('the good credential still works after all that', async () => {
  assert.equal((await alice.call('list_allowed_directories')).isError, undefined);
});
