// A pre-warmed sandbox is the server's child: it must neither keep the server alive
// (stdin closing ends a session) nor outlive it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/command/idle-with-spare.ts');
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

test('a process with a spare standing by exits when its work is done, and the spare dies with it', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(kill);
  assert.equal(code, 0, 'the process did not exit by itself (killed after 60 s)');
  const { ready, pids } = JSON.parse(out) as { ready: boolean; pids: number[] };
  assert.equal(ready, true, 'no spare was standing by, so this proves nothing');
  assert.ok(pids.length > 0);
  for (let i = 0; i < 100 && pids.some(alive); i++) await sleep(50);
  assert.deepEqual(pids.filter(alive), [], 'the spare outlived the process');
});
