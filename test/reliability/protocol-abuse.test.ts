// DESIGN §1 "Robustness of the stdio session": 10,000 hostile frames on stdin (garbage,
// truncated JSON, wrong types, huge ids, deep nesting, a 20 MiB line, a 50 MB file
// asked for), then a valid request: the process is alive and answers it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { frame, request } from '../helpers/reliability-frames.js';
import { openWire } from '../helpers/reliability-wire.js';
import { NO_RATE_LIMIT, size, workspace } from '../helpers/reliability.js';
import { runCli } from '../helpers/cli.js';

const w = workspace((ws) => ({
  principal: 'me', users: { me: { roles: ['developer'] } },
  filesystem: { roots: [{ path: ws, access: 'read-write' }] },
  rateLimits: NO_RATE_LIMIT,
}), 'warden-abuse-');
after(w.cleanup);
const small = path.join(w.ws, 'small.txt');
const huge = path.join(w.ws, 'huge.bin');
fs.writeFileSync(small, 'still here\n');
fs.closeSync(fs.openSync(huge, 'w'));
fs.truncateSync(huge, 50 * 1000 * 1000);

const FRAMES = size(10_000, 100_000);

test(`${FRAMES.toLocaleString('en')} hostile frames leave the server alive and answering`, { timeout: 300_000 }, async () => {
  const s = await openWire(w.configPath);
  const frames = fc.sample(frame, { numRuns: FRAMES, seed: 7 });
  // The heavy ones, once each, in the middle of the noise.
  const heavy = [
    request(2_000_001, 'tools/call', { name: 'read_text_file', arguments: { path: huge } }),
    request(2_000_002, 'tools/call', { name: 'read_media_file', arguments: { path: huge } }),
    request(2_000_003, 'tools/call', { name: 'read_multiple_files', arguments: { paths: [huge, huge, huge] } }),
    request(2_000_004, 'tools/call', { name: 'write_file', arguments: { path: path.join(w.ws, 'pad.txt'), content: 'x'.repeat(20 * 1024 * 1024) } }),
    'x'.repeat(20 * 1024 * 1024),
  ];
  heavy.forEach((h, i) => frames.splice(Math.floor(((i + 1) * frames.length) / (heavy.length + 1)), 0, h));
  for (const f of frames) await s.write(f.replace(/[\r\n]/g, ' '));

  const ping = await s.request('ping', {});
  assert.deepEqual(ping.result, {}, JSON.stringify(ping));
  const listed = await s.call('list_allowed_directories', {});
  assert.equal(listed.isError, undefined, JSON.stringify(listed));
  const read = await s.call('read_text_file', { path: small });
  assert.equal(read.structuredContent.content, 'still here\n');
  assert.ok(s.alive(), 'the server is still running');

  assert.deepEqual(s.strays.filter((m) => m.unparsable), [], 'every line on stdout is JSON');
  const answered = (id: number) => s.strays.find((m) => m.id === id);
  for (const id of [2_000_001, 2_000_002]) {
    const reply = answered(id);
    assert.equal(reply?.result?.isError, true, JSON.stringify(reply)?.slice(0, 300));
    assert.equal(reply.result.structuredContent.error.code, 'too_large', JSON.stringify(reply).slice(0, 300));
  }
  // Like the reference, read_multiple_files reports each file's failure inline.
  const several = answered(2_000_003);
  assert.equal(several?.result?.content?.[0]?.text?.match(/over the limit/g)?.length, 3, JSON.stringify(several)?.slice(0, 300));
  assert.ok(s.strays.some((m) => m.id === null && /too large/i.test(m.error?.message ?? '')), 'the 20 MiB lines got a "too large" error');
  assert.equal(fs.existsSync(path.join(w.ws, 'pad.txt')), false, 'the 20 MiB write never ran');
  assert.equal(await s.end(), 0, s.stderr().slice(-2000));

  const verify = runCli(['audit', 'verify', '--config', w.configPath]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});
