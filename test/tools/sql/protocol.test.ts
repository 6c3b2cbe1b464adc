// The worker pipe's framing and message checks: garbage costs one line, never the stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode, LineReader, parseReply, parseRequest } from '../../../src/tools/sql/protocol.js';

const run = { id: 7, op: 'run' as const, mode: 'query' as const, sql: "SELECT 'a\nb' AS x", params: [1], maxRows: 10, maxBytes: 100 };

test('a message is one line, even with newlines in its strings', () => {
  const line = encode(run);
  assert.equal(line.indexOf('\n'), line.length - 1);
  assert.deepEqual(new LineReader(1000).push(Buffer.from(line)), [line.slice(0, -1)]);
});

test('lines split anywhere, even inside a UTF-8 character, come out whole', () => {
  const text = `${encode({ ...run, sql: "SELECT 'żółw 🐢'" })}${encode(run)}`;
  const bytes = Buffer.from(text);
  for (let cut = 1; cut < bytes.length; cut += 3) {
    const reader = new LineReader(1000);
    const out = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))];
    assert.deepEqual(out, text.split('\n').slice(0, 2), `cut at ${cut}`);
  }
});

test('a reused read buffer does not corrupt an unfinished line', () => {
  const reader = new LineReader(1000);
  const buffer = Buffer.from('{"id":1,');
  assert.deepEqual(reader.push(buffer), []);
  buffer.write('XXXXXXXX');
  assert.deepEqual(reader.push(Buffer.from('"ok":true}\n')), ['{"id":1,"ok":true}']);
});

test('an over-long line is reported once, as soon as it passes the cap, and the next line is read', () => {
  const reader = new LineReader(10);
  assert.deepEqual(reader.push(Buffer.from('x'.repeat(8))), []);
  assert.deepEqual(reader.push(Buffer.from('x'.repeat(8))), [{ overflow: 16 }]);
  assert.deepEqual(reader.push(Buffer.from('x'.repeat(100))), []);
  assert.deepEqual(reader.push(Buffer.from('xx\nshort\n')), ['short']);
});

test('garbage requests are refused with a reason, and the id when one can be read', () => {
  assert.deepEqual(parseRequest('not json'), { id: 0, refused: 'a line that is not JSON' });
  assert.deepEqual(parseRequest('[1,2]'), { id: 0, refused: 'a line that is not a JSON object' });
  assert.deepEqual(parseRequest('{"op":"run"}'), { id: 0, refused: 'a message without an id' });
  assert.deepEqual(parseRequest('{"id":-3,"op":"run"}'), { id: 0, refused: 'a message without an id' });
  assert.deepEqual(parseRequest('{"id":3,"op":"drop"}'), { id: 3, refused: 'a message with an unknown op' });
  assert.deepEqual(parseRequest(JSON.stringify({ ...run, mode: 'write' })), { id: 7, refused: 'a malformed run request' });
  assert.deepEqual(parseRequest(JSON.stringify({ ...run, sql: 1 })), { id: 7, refused: 'a malformed run request' });
  assert.deepEqual(parseRequest(JSON.stringify({ ...run, params: 'x' })), { id: 7, refused: 'a malformed run request' });
  assert.deepEqual(parseRequest(JSON.stringify({ ...run, tables: [1] })), { id: 7, refused: 'a malformed run request' });
  assert.deepEqual(parseRequest('{"id":4,"op":"open","name":"main"}'), { id: 4, refused: 'a malformed open request' });
  assert.deepEqual(parseRequest(JSON.stringify(run)), run);
});

test('only well-formed replies are accepted', () => {
  for (const bad of ['', 'nope', '{}', '{"id":1}', '{"id":1,"ok":true}', '{"id":1,"ok":false,"error":{"code":"failed"}}', '{"id":"1","ok":true,"result":{}}']) {
    assert.equal(parseReply(bad), undefined, bad);
  }
  assert.deepEqual(parseReply('{"id":1,"ok":true,"result":{}}'), { id: 1, ok: true, result: {} });
  assert.deepEqual(parseReply('{"id":0,"ok":false,"error":{"code":"failed","message":"m"}}'), { id: 0, ok: false, error: { code: 'failed', message: 'm' } });
});
