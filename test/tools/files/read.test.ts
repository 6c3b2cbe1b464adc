// Reads: head/tail like the reference, media as base64 blocks, byte caps with too_large.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { filesConfig, makeFileTools, tempTree } from './helpers.js';
import { rejectsWith } from '../../helpers/asserts.js';

const tree = tempTree();
after(tree.cleanup);
const { call } = makeFileTools(filesConfig(tree));
const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n') + '\n';
fs.writeFileSync(path.join(tree.root, 'lines.txt'), lines);

test('head and tail return the first and last N lines', async () => {
  const p = path.join(tree.root, 'lines.txt');
  assert.equal((await call('read_text_file', { path: p, head: 3 })).text, 'line 0\nline 1\nline 2');
  assert.equal((await call('read_text_file', { path: p, tail: 2 })).text, 'line 4999\n');
  assert.equal((await call('read_file', { path: p })).text, lines);
  await rejectsWith(call('read_text_file', { path: p, head: 1, tail: 1 }), 'invalid_input');
});

test('an 11 MB file is refused with too_large under the defaults, never sent', async () => {
  const big = path.join(tree.root, 'big.txt');
  fs.writeFileSync(big, Buffer.alloc(11 * 1024 * 1024, 'a\n'));
  const e = await rejectsWith(call('read_text_file', { path: big }), 'too_large');
  assert.ok(e.message.length < 500);
  await rejectsWith(call('read_media_file', { path: big }), 'too_large');
  const multi = await call('read_multiple_files', { paths: [big, path.join(tree.root, 'a.txt')] });
  assert.match(multi.text, /big\.txt: Error - .*over the limit/);
  assert.match(multi.text, /a\.txt:\nhello\n/);
  // head and tail read only what they need, so part of a big file is still readable.
  assert.equal((await call('read_text_file', { path: big, head: 2 })).text, 'a\na');
});

test('maxReadBytes and maxWriteBytes are enforced', async () => {
  const small = makeFileTools(filesConfig(tree, { filesystem: { maxReadBytes: 10, maxWriteBytes: 10 } }));
  await rejectsWith(small.call('read_text_file', { path: path.join(tree.root, 'lines.txt') }), 'too_large');
  await rejectsWith(small.call('write_file', { path: path.join(tree.root, 'w.txt'), content: 'x'.repeat(11) }), 'too_large', 'limits.write_bytes');
  assert.equal(fs.existsSync(path.join(tree.root, 'w.txt')), false);
});

test('read_media_file returns an image block with the MIME type, other files as a resource', async () => {
  fs.writeFileSync(path.join(tree.root, 'p.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const img = await call('read_media_file', { path: path.join(tree.root, 'p.png') });
  assert.deepEqual(img.content, [{ type: 'image', data: 'iVBORw==', mimeType: 'image/png' }]);
  const bin = await call('read_media_file', { path: path.join(tree.root, 'a.txt') });
  assert.equal((bin.content![0] as { type: string }).type, 'resource');
});

test('read_multiple_files keeps going past a refused path', async () => {
  const out = await call('read_multiple_files', { paths: [path.join(tree.outside, 'secret.txt'), 'a.txt'] });
  assert.match(out.text, /secret\.txt: Error - Access denied/);
  assert.match(out.text, /\n---\na\.txt:\nhello\n/);
  assert.deepEqual(out.resource.paths, [path.join(tree.root, 'a.txt')]);
});

test('a large text is refused at one byte over limits.maxResultBytes, counting its JSON escapes, and sent at exactly the cap', async () => {
  // Over 64 KiB, so read_text_file measures the text itself: sparse escapes, then dense ones.
  const texts = { sparse: `${'word '.repeat(30)}"q" \\ \u0001\t\n`.repeat(700), dense: '"\u0002\n'.repeat(30_000) };
  for (const [name, text] of Object.entries(texts)) {
    const p = path.join(tree.root, `${name}.txt`);
    fs.writeFileSync(p, text);
    const answer = await call('read_text_file', { path: p });
    assert.equal(answer.text, text);
    const exact = Buffer.byteLength(JSON.stringify({ content: [{ type: 'text', text: answer.text }], structuredContent: answer.structured }));
    // The text's bytes alone fit in half the cap; its escapes are what take it over.
    assert.ok(2 * Buffer.byteLength(text) < exact - 1);
    const at = makeFileTools(filesConfig(tree, { limits: { maxResultBytes: exact } }));
    assert.equal((await at.call('read_text_file', { path: p })).text, text);
    const over = makeFileTools(filesConfig(tree, { limits: { maxResultBytes: exact - 1 } }));
    const e = await rejectsWith(over.call('read_text_file', { path: p }), 'too_large', 'limits.maxResultBytes');
    assert.match(e.message, new RegExp(`The result is ${exact} bytes, over the limit of ${exact - 1} bytes`));
  }
});
