import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRedactor, MAX_STORED_STRING } from '../../src/audit/redact.js';
import { redactShapes } from '../../src/audit/secret-shapes.js';

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

// Issue 15 §3: redaction removes the secret and nothing else.

const ENCRYPTED_PEM = ['-----BEGIN RSA PRIVATE KEY-----', 'Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,3F1A2B3C4D5E6F708192A3B4C5D6E7F8', '',
  'MIIEowIBAAKCAQEA7abcdEFGH+/=', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY', '-----END RSA PRIVATE KEY-----'].join('\n');
const JSON_PEM = String.raw`-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n`;
const SLACK = 'xoxb-' + '1234567890-abcdefABCDEF';
const BEARER = 'Bearer ' + 'mF_9.B5f-4.1JqM' + 'tq2Xz0';

const SHAPE_CASES: Array<[string, string, string]> = [
  ['pem', PEM, '-----BEGIN RSA PRIVATE KEY-----[redacted:pem]-----END RSA PRIVATE KEY-----'],
  ['pem with encryption headers', ENCRYPTED_PEM, '-----BEGIN RSA PRIVATE KEY-----[redacted:pem]-----END RSA PRIVATE KEY-----'],
  ['pem written with \\n escapes (a service account file)', JSON_PEM, '-----BEGIN PRIVATE KEY-----[redacted:pem]-----END PRIVATE KEY-----\\n'],
  ['jwt', JWT, '[redacted:jwt]'],
  ['bearer', BEARER, 'Bearer [redacted:bearer]'],
  ['api-key', OPENAI, '[redacted:api-key]'],
  ['github-token', GITHUB, '[redacted:github-token]'],
  ['aws-access-key', AWS, '[redacted:aws-access-key]'],
  ['slack-token', SLACK, '[redacted:slack-token]'],
];

for (const [name, secret, replaced] of SHAPE_CASES) {
  test(`${name}: the secret is gone and every character around it is kept`, () => {
    const before = 'UPDATE notes SET body = \'';
    const after = '\' WHERE id = 7; -- done\n\ttail';
    assert.equal(redact(`${before}${secret}${after}`), `${before}${replaced}${after}`);
    assert.equal(redact(`${secret}`), replaced);
  });
}

test('SQL after a /* -----BEGIN NOTE----- */ comment is kept whole', () => {
  const sql = '/* -----BEGIN NOTE----- */ DELETE FROM users WHERE created < 2024; DROP TABLE audit_copy';
  assert.deepEqual(redact({ sql }), { sql });
});

test('an edit inserting code after a // -----BEGIN NOTE----- comment is kept whole', () => {
  const args = { path: 'src/server.js', edits: [{ oldText: '// -----BEGIN NOTE-----', newText: '// -----BEGIN NOTE-----\nrequire("child_process").exec(process.env.PAYLOAD)\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldY' }] };
  assert.deepEqual(redact(args), args);
});

test('a sed program after #-----BEGIN NOTE----- is kept whole, in args and in a command resource', () => {
  const args = ['-i', '-e', '#-----BEGIN NOTE-----\ns/^root:.*/root::0:0::\\/root:\\/bin\\/sh/\nw /etc/passwd', 'file'];
  assert.deepEqual(redact({ command: 'sed', args }), { command: 'sed', args });
});

test('a BEGIN/END pair around text that is not base64 is kept', () => {
  const text = '-----BEGIN NOTE-----\nrm -rf build; echo done\n-----END NOTE-----';
  assert.equal(redact(text), text);
});

test('Bearer followed by a path is a path, not a token', () => {
  for (const text of ['Bearer /etc/passwd', 'Bearer ../../etc/shadow', 'Bearer ~/.ssh/id_ed25519', 'Bearer ./deploy/keys/prod2.pem',
    'Bearer home/user2/.ssh/id_rsa', 'grep -r "Bearer" src', 'Bearer token', 'Authorization: Bearer authenticationFailed']) {
    assert.equal(redact(text), text, text);
  }
});

test('look-alikes of provider keys are words: sk-learn-examples, xoxo-hugs-and-kisses', () => {
  const text = 'pip install sk-learn-examples-and-docs; echo xoxo-hugs-and-kisses';
  assert.equal(redact(text), text);
});

test('key names that hold paths or actions are never redacted; compound secret names still are', () => {
  const input = { path: 'a', paths: ['b'], cwd: '/srv', oauth_url: 'https://x', author: 'ann', OLDPWD: '/tmp', sql: 'SELECT 1', content: 'c', source: 's', destination: 'd' };
  assert.deepEqual(redact(input), input);
  assert.deepEqual(redact({ oauth: 'o', pwd: 'p', db_pwd: 'q', client_secret: 'r' }), { oauth: '[redacted]', pwd: '[redacted]', db_pwd: '[redacted]', client_secret: '[redacted]' });
});

test('a key block cut by the store itself is redacted up to the cut: no part of its body is stored', () => {
  const body = Array.from({ length: 200 }, (_, i) => `QUJDREVGR0hJSktMTU5PUFFSU1RVVldY${String(i).padStart(4, '0')}`).join('\n');
  const value = `${'n'.repeat(MAX_STORED_STRING - 100)}-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`;
  const stored = redact(value) as string;
  assert.ok(!stored.includes('QUJD'), 'no body line is stored');
  assert.ok(stored.includes('-----BEGIN PRIVATE KEY-----[redacted:pem]'), stored.slice(MAX_STORED_STRING - 120, MAX_STORED_STRING + 60));
});

// Built from random safe text (an alphabet that cannot spell any shape's trigger) and
// random secrets: the stored text is the input with exactly the secret spans replaced.
const SAFE = [...'abcdfhijklmnpqrtuvwz0123456789 ;:,()*=\'"/.-_#\n\t', 'ü', '→'];
const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
const B64URL = [...ALNUM, '-', '_'];
const chars = (alphabet: string[], min: number, max: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const secretArb: fc.Arbitrary<[string, string]> = fc.oneof(
  chars(ALNUM, 36, 40).map((s) => [`ghp_${s}`, '[redacted:github-token]'] as [string, string]),
  chars([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'], 16, 16).map((s) => [`AKIA${s}`, '[redacted:aws-access-key]'] as [string, string]),
  fc.tuple(chars(B64URL, 8, 30), chars(B64URL, 8, 30), chars(B64URL, 0, 40)).map(([a, b, c]) => [`eyJ${a}.eyJ${b}.${c}`.replace(/-+$/, ''), '[redacted:jwt]'] as [string, string]),
  chars(ALNUM, 15, 40).map((s) => [`Bearer 7${s}`, 'Bearer [redacted:bearer]'] as [string, string]),
  chars(ALNUM, 20, 48).map((s) => [`sk-proj-9${s}`, '[redacted:api-key]'] as [string, string]),
  chars(ALNUM, 10, 30).map((s) => [`xoxp-1${s}`, '[redacted:slack-token]'] as [string, string]),
  fc.tuple(fc.constantFrom('PRIVATE KEY', 'RSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PRIVATE KEY'), fc.array(chars([...ALNUM, '+', '/'], 16, 64), { minLength: 1, maxLength: 6 }))
    .map(([label, lines]) => [`-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`, `-----BEGIN ${label}-----[redacted:pem]-----END ${label}-----`] as [string, string]),
);

test('fuzz: for any mix of text and secrets, the stored text loses exactly the secret spans', () => {
  const redactor = createRedactor();
  fc.assert(fc.property(fc.array(fc.oneof(chars(SAFE, 0, 200).map((s) => [s, s] as [string, string]), secretArb), { maxLength: 8 }), (parts) => {
    const input = parts.map(([raw]) => raw).join(' ');
    const expected = parts.map(([, stored]) => stored).join(' ');
    assert.equal(redactor(input), expected);
  }), { numRuns: 400 });
});

test('every shape runs in linear time on hostile input (16× the input: well under 256× the time)', () => {
  const hostile: Array<[string, (n: number) => string]> = [
    ['open BEGIN with a base64 body', (n) => `-----BEGIN A-----\n${'QUJD'.repeat(n / 4)}`],
    ['many BEGINs, no END', (n) => `-----BEGIN KEY-----\n${'QUJDREVGR0hJSktMTU5P\n'.repeat(2)}`.repeat(n / 60)],
    ['a long label', (n) => `-----BEGIN ${'A '.repeat(n / 2)}`],
    ['base64 runs with spaces', (n) => `-----BEGIN A-----${' QUJDREVGR0hJSktMTU5P'.repeat(n / 21)}x`],
    ['Bearer and a token with no end', (n) => `Bearer ${'a'.repeat(n)}=b`],
    ['many Bearers', (n) => 'Bearer a/.'.repeat(n / 10)],
    ['eyJ repeated', (n) => 'eyJ'.repeat(n / 3)],
    ['sk- with no digit', (n) => `sk-${'a-'.repeat(n / 2)}`],
    ['xoxb- with no digit', (n) => `xoxb-${'a'.repeat(n)}`],
    ['ghp_ repeated', (n) => 'ghp_'.repeat(n / 4)],
    ['header lines, no body', (n) => '-----BEGIN A-----\nProc-Type: 4\n'.repeat(n / 30)],
  ];
  const time = (text: string) => {
    let best = Infinity;
    for (let i = 0; i < 3; i += 1) {
      const t = performance.now();
      redactShapes(text, true);
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  for (const [name, make] of hostile) {
    time(make(64 * 1024));
    const small = time(make(64 * 1024));
    const large = time(make(1024 * 1024));
    // A floor under the small time, so one GC pause on a loaded machine is not read as growth.
    assert.ok(large < 64 * Math.max(small, 2), `${name}: ${small.toFixed(2)} ms → ${large.toFixed(2)} ms`);
    assert.ok(large < 1000, `${name}: ${large.toFixed(1)} ms for 1 MB`);
  }
});
