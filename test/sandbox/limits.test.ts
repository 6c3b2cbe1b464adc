// Resource limits hold and the server keeps answering other calls meanwhile: a fork bomb,
// an output flood, a CPU burner, a file-size bomb.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { commandConfig, makeCommandTools, tempTree } from '../tools/command/helpers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/command');
const tree = tempTree();
after(tree.cleanup);
let tools: ReturnType<typeof makeCommandTools>;

before(() => {
  for (const f of ['fork-bomb.sh', 'flood.sh']) fs.copyFileSync(path.join(FIXTURES, f), path.join(tree.root, f));
  tools = makeCommandTools(commandConfig(tree, {
    allow: { bash: { dangerous: true }, sh: { dangerous: true }, cat: {} }, sandbox: 'required', maxOutputBytes: 64 * 1024,
    rlimits: { processes: 64, fileSizeBytes: 1024 * 1024 },
  }));
});

/** Processes still running the bomb script, anywhere on the host. */
function bombProcesses(): number {
  let n = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('fork-bomb.sh')) n++;
    } catch {
      // gone
    }
  }
  return n;
}

test('a fork bomb is contained and other calls are answered meanwhile', async () => {
  const bomb = tools.run({ command: 'bash', args: ['fork-bomb.sh'], timeoutMs: 3000 });
  await new Promise((r) => setTimeout(r, 500));
  const t0 = performance.now();
  const other = await tools.run({ command: 'cat', args: ['a.txt'] });
  assert.equal(other.stdout, 'hello\nworld\n');
  assert.ok(performance.now() - t0 < 2000, 'another call waited for the bomb');
  const r = await bomb;
  assert.equal(r.timedOut, true);
  assert.ok(r.durationMs < 6000);
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(bombProcesses(), 0, 'bomb processes outlived the call');
});

test('a yes flood is cut at the cap while other calls are answered', async () => {
  const flood = tools.run({ command: 'sh', args: ['flood.sh'], timeoutMs: 10_000 });
  const other = await tools.run({ command: 'cat', args: ['a.txt'] });
  assert.equal(other.exitCode, 0);
  const r = await flood;
  assert.equal(r.truncated, true);
  assert.equal(Buffer.byteLength(r.stdout), 64 * 1024);
  assert.ok(r.durationMs < 5000);
});

test('a file larger than rlimits.fileSizeBytes cannot be written', async () => {
  const r = await tools.run({ command: 'bash', args: ['-c', 'head -c 5000000 /dev/zero > big.bin'] });
  assert.notEqual(r.exitCode, 0);
  assert.ok(fs.statSync(path.join(tree.root, 'big.bin')).size <= 1024 * 1024);
});

test('CPU time is limited (CPU seconds from the timeout when not configured)', async () => {
  const { run } = makeCommandTools(commandConfig(tree, { allow: { bash: { dangerous: true } }, sandbox: 'required', rlimits: { cpuSeconds: 1 } }));
  const r = await run({ command: 'bash', args: ['-c', 'while :; do :; done'], timeoutMs: 10_000 });
  assert.equal(r.timedOut, false);
  assert.match(String(r.signal ?? r.exitCode), /SIGKILL|SIGXCPU|137|152/);
  assert.ok(r.durationMs < 5000);
});
