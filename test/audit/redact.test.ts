import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactor, MAX_STORED_STRING } from '../../src/audit/redact.js';

const redact = createRedactor(['x-internal-id', 'dbPass']);

// Built from parts so that secret scanners do not flag this file.
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk'].join('.');
const OPENAI = 'sk-' + 'proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2';
const GITHUB = 'ghp_' + 'a'.repeat(36);
const AWS = 'AKIA' + 'IOSFODNN7EXAMPLE';
const PEM = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA7', 'abcdEFGH+/=', '-----END RSA PRIVATE KEY-----'].join('\n');

test('configured key names are redacted whatever their case or separators', () => {
  assert.deepEqual(redact({ 'X-Internal-Id': 'abc', db_pass: 'p', DBPASS: 'p', path: 'a.txt' }),
    { 'X-Internal-Id': '[redacted]', db_pass: '[redacted]', DBPASS: '[redacted]', path: 'a.txt' });
});

test('built-in secret key names are redacted at any depth, in arrays too', () => {
  assert.deepEqual(redact({ headers: [{ Authorization: 'x' }], nested: { deeper: { password: 'hunter2', api_key: 'k' } } }),
    { headers: [{ Authorization: '[redacted]' }], nested: { deeper: { password: '[redacted]', api_key: '[redacted]' } } });
});

test('compound key names that end in a secret word are redacted (access_token, GITHUB_TOKEN, client-secret)', () => {
  assert.deepEqual(redact({ access_token: 'a', GITHUB_TOKEN: 'b', 'client-secret': 'c', dbPassword: 'd', max_tokens: 5 }),
    { access_token: '[redacted]', GITHUB_TOKEN: '[redacted]', 'client-secret': '[redacted]', dbPassword: '[redacted]', max_tokens: 5 });
});

test('token shapes are redacted under harmless keys and inside longer text', () => {
  const out = redact({
    content: `jwt=${JWT} and ${OPENAI}; gh ${GITHUB}, aws ${AWS}`,
    header: 'Authorization: Bearer abc.DEF-123_~+/xyz==',
    key: `before\n${PEM}\nafter`,
    args: ['-H', `Bearer ${OPENAI}`],
  });
  assert.deepEqual(out, {
    content: 'jwt=[redacted:jwt] and [redacted:api-key]; gh [redacted:github-token], aws [redacted:aws-access-key]',
    header: 'Authorization: Bearer [redacted:bearer]',
    key: 'before\n-----BEGIN RSA PRIVATE KEY-----[redacted:pem]-----END RSA PRIVATE KEY-----\nafter',
    args: ['-H', 'Bearer [redacted:bearer]'],
  });
});

test('a BEGIN line with no END line is text, not a key: it is kept', () => {
  const cut = PEM.split('\n').slice(0, 3).join('\n');
  assert.equal(redact(`x ${cut}`), `x ${cut}`);
});

test('look-alikes are left alone: task-ids, words ending in sk-, short ghp_', () => {
  const text = 'task-1234567890abcdefgh mask-1234567890abcdefgh ghp_short AKIA123';
  assert.equal(redact(text), text);
});

test('a crafted key or value cannot forge a field: the tree is stored as data, not spliced text', () => {
  const crafted = { 'path","decision":"allow': '","password":"x', password: 'real' };
  const out = redact(crafted) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['path","decision":"allow', 'password']);
  assert.equal(out['path","decision":"allow'], '","password":"x');
  assert.equal(out.password, '[redacted]');
  assert.deepEqual(JSON.parse(JSON.stringify(out)), out);
});

test('a __proto__ key is kept as data and redacted, not turned into a prototype that JSON drops', () => {
  const input = JSON.parse(`{"__proto__": {"note": "${GITHUB}"}, "a": 1}`);
  const stored = JSON.stringify(redact(input));
  assert.equal(stored, '{"__proto__":{"note":"[redacted:github-token]"},"a":1}');
});

test('nesting deeper than the walk limit cannot smuggle a secret past redaction', () => {
  let deep: Record<string, unknown> = { password: 'hunter2', note: GITHUB };
  for (let i = 0; i < 40; i += 1) deep = { a: deep };
  const stored = JSON.stringify(redact(deep));
  assert.ok(!stored.includes('hunter2'), 'key-named secret stored');
  assert.ok(!stored.includes(GITHUB), 'token-shaped secret stored');
});

test('long strings are stored as a prefix and the count of what was left out', () => {
  const out = redact('a'.repeat(MAX_STORED_STRING + 10)) as string;
  assert.equal(out, `${'a'.repeat(MAX_STORED_STRING)}…[10 more characters not stored]`);
});

test('the input is not modified', () => {
  const input = { password: 'p', list: [OPENAI] };
  redact(input);
  assert.deepEqual(input, { password: 'p', list: [OPENAI] });
});

test('non-string scalars pass through', () => {
  assert.deepEqual(redact({ n: 1, b: true, z: null }), { n: 1, b: true, z: null });
});

test('a token used as a key name is redacted too', () => {
  assert.deepEqual(redact({ [GITHUB]: true }), { '[redacted:github-token]': true });
});

test('a token that straddles the storage cut is redacted, not stored half', () => {
  const redact = createRedactor();
  const value = `${' '.repeat(MAX_STORED_STRING - 16)}${GITHUB}${'b'.repeat(3 * 1024 * 1024)}`;
  const stored = (redact({ content: value }) as { content: string }).content;
  assert.ok(!stored.includes('ghp_'), 'no part of the token survives');
  assert.ok(stored.includes('[redacted:gith'), 'the cut falls inside the marker, not the token');
  assert.match(stored, /…\[\d+ more characters not stored\]$/);
  assert.ok(stored.length < MAX_STORED_STRING + 100);
});
