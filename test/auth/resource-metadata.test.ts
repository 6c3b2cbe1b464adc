import { test } from 'node:test';
import assert from 'node:assert/strict';
import { protectedResourceMetadata } from '../../src/auth/resource-metadata.js';
import { generateApiKey, hashApiKey } from '../../src/auth/api-keys.js';
import { AUDIENCE, ISSUER, configWith, pemJwt } from './helpers.js';

const URL = 'http://127.0.0.1:8080/mcp';

test('with auth.oauth: exactly the RFC 9728 fields it names', () => {
  const config = configWith({
    jwt: pemJwt(),
    oauth: { resource: AUDIENCE, authorizationServers: ['https://login.example.com/'], scopesSupported: ['mcp:tools'] },
  });
  assert.deepEqual(protectedResourceMetadata(config, URL), {
    resource: AUDIENCE,
    authorization_servers: ['https://login.example.com/'],
    scopes_supported: ['mcp:tools'],
    bearer_methods_supported: ['header'],
  });
});

test('without auth.oauth: the given URL, the JWT issuer and the required scopes', () => {
  const config = configWith({ jwt: pemJwt({ requiredScopes: ['mcp:tools'] }) });
  assert.deepEqual(protectedResourceMetadata(config, URL), {
    resource: URL, authorization_servers: [ISSUER], scopes_supported: ['mcp:tools'], bearer_methods_supported: ['header'],
  });
});

test('API keys only: no authorization server to advertise', () => {
  const config = configWith({ apiKeys: { ci: { hash: hashApiKey(generateApiKey()), principal: 'ci' } } });
  assert.deepEqual(protectedResourceMetadata(config, URL), { resource: URL, bearer_methods_supported: ['header'] });
});

test('the document is a copy: changing it does not change the config', () => {
  const config = configWith({ jwt: pemJwt() });
  const doc = protectedResourceMetadata(config, URL) as { authorization_servers: string[] };
  doc.authorization_servers.push('https://evil.example/');
  assert.deepEqual(protectedResourceMetadata(config, URL).authorization_servers, [ISSUER]);
});
