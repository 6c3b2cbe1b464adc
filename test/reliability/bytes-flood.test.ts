import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, startServer, refusalOf } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';

// Issue 15 §2: a flood of refused calls with huge arguments must not fill the disk
// (each used to add its arguments whole, megabytes, to the audit log).

const onDisk = (file: string) => ['', '-wal'].reduce((n, s) => n + (fs.existsSync(file + s) ? fs.statSync(file + s).size : 0), 0);

test('refused calls with huge arguments (rate-limited, invalid, denied) add a bounded row each', { timeout: 120_000 }, async () => {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'a.txt'), 'hello\n');
  const s = await startServer({
    principal: 'me', users: { me: { roles: ['developer'] } },
    filesystem: { roots: [{ path: root, access: 'read-write' }] },
    rateLimits: { tools: { read_multiple_files: { capacity: 1, refillPerSecond: 0.001 } } },
  });
  const perKind = 8;
  try {
    await s.call('read_multiple_files', { paths: ['a.txt'] });
    const before = onDisk(s.auditPath);
    const list = Array.from({ length: 300_000 }, (_, i) => `file-${i}.txt`);
    const codes: string[] = [];
    for (let i = 0; i < perKind; i += 1) {
      codes.push(refusalOf(await s.call('read_multiple_files', { paths: list }))!.code);
      codes.push(refusalOf(await s.call('write_file', { path: 'b.txt', content: list }))!.code);
      codes.push(refusalOf(await s.call('write_file', { path: '/etc/b.txt', content: 'c'.repeat(2_000_000) }))!.code);
    }
    assert.deepEqual([...new Set(codes)].sort(), ['denied', 'invalid_input', 'rate_limited']);
    const added = onDisk(s.auditPath) - before;
    const calls = 3 * perKind;
    assert.ok(added / calls < 80 * 1024, `${calls} refused calls added ${added} bytes (${Math.round(added / calls)} per call)`);
    await s.client.ping();
  } finally { await s.close(); }
  assert.equal(spawnSync(process.execPath, [BIN, 'audit', 'verify', '--audit', s.auditPath]).status, 0);
});
