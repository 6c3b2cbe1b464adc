// The launcher protocol of a pre-warmed sandbox: what it can carry, what goes cold instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchPayload, launcherWorks } from '../../src/sandbox/launcher.js';

const base = { envPath: '/usr/bin/env', cwd: '/w', env: { A: '1' }, argv: ['/usr/bin/true'], stdin: false };
const fields = (b: Buffer) => b.toString().split('\0').slice(0, -1);

test('a command becomes a count and NUL-terminated fields: stdin mode, folder, env -i, the environment, PWD, argv', () => {
  assert.deepEqual(fields(launchPayload({ ...base, argv: ['/usr/bin/printf', '', ' a ', '$(x)', '-n'] })!), [
    '12', 'null', '/w', '/usr/bin/env', '-i', '--', 'A=1', 'PWD=/w', '/usr/bin/printf', '', ' a ', '$(x)', '-n',
  ]);
  assert.equal(fields(launchPayload({ ...base, stdin: true })!)[1], 'pipe');
});

test('what env(1) or bubblewrap would read differently goes cold: "=" in a name or the program, an empty name, NUL, a large command', () => {
  assert.equal(launchPayload({ ...base, env: { 'A=B': '1' } }), undefined);
  assert.equal(launchPayload({ ...base, env: { '': '1' } }), undefined);
  assert.equal(launchPayload({ ...base, env: { A: 'x\0y' } }), undefined);
  assert.equal(launchPayload({ ...base, argv: ['/opt/a=b/prog'] }), undefined);
  assert.equal(launchPayload({ ...base, argv: ['/usr/bin/echo', 'x'.repeat(9000)] }), undefined);
});

test('the launcher works here (bash and env -i give exactly the environment they were handed)', async () => {
  assert.equal(await launcherWorks('/usr/bin/bwrap', '/usr/bin/bash', '/usr/bin/env'), true);
  assert.equal(await launcherWorks('/usr/bin/bwrap', '/usr/bin/false', '/usr/bin/env'), false);
});
