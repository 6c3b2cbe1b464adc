import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { refusalOf } from '../helpers/server.js';
import { connect, jwtConfig, jwtIssuer, startHttp, USERS } from './helpers.js';
import { bearer } from '../helpers/http.js';

const idp = await jwtIssuer('ES256');
const server = await startHttp(() => ({ users: USERS, auth: { jwt: jwtConfig(idp.publicKey, idp.alg) } }));
after(() => server.stop());

test('a JWT works end to end: the principal from its sub claim, roles from its roles claim', async () => {
  const s = await connect(server, bearer(await idp.sign({ sub: 'dave', roles: ['developer'] })));
  const target = path.join(server.ws, 'dave.txt');
  assert.equal(refusalOf(await s.call('write_file', { path: target, content: 'from dave' })), undefined);
  assert.equal(fs.readFileSync(target, 'utf8'), 'from dave');
  const rows = server.rows().filter((r) => r.tool === 'write_file');
  assert.deepEqual(rows.map((r) => [r.kind, r.principal]), [['decision', 'dave'], ['outcome', 'dave']]);
  await s.close();
});

test('a role the token may not confer (not in allowedRoles) is dropped', async () => {
  const s = await connect(server, bearer(await idp.sign({ sub: 'erin', roles: ['readonly', 'admin'] })));
  assert.ok(!(await s.tools()).includes('write_file'));
  const target = path.join(server.ws, 'erin.txt');
  assert.equal(refusalOf(await s.call('write_file', { path: target, content: 'x' }))?.code, 'denied');
  assert.equal(fs.existsSync(target), false);
  await s.close();
});

test('roles of a configured user come with a token for that user', async () => {
  const s = await connect(server, bearer(await idp.sign({ sub: 'alice' })));
  assert.ok((await s.tools()).includes('write_file'));
  await s.close();
});
