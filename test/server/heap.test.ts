import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HEAP = fileURLToPath(new URL('../../src/server/heap.ts', import.meta.url));

// Keeps many short-lived objects alive across scavenges, as calls in flight do, and
// reports the young generation's capacity at its largest.
const workload = (small: boolean) => `
  ${small ? `const { keepYoungGenerationSmall } = await import(${JSON.stringify(HEAP)}); keepYoungGenerationSmall();` : ''}
  const v8 = await import('node:v8');
  const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
  let peak = young();
  const inFlight = [];
  for (let i = 0; i < 400000; i++) {
    inFlight.push({ id: i, text: 'x'.repeat(64) + i, parts: [i, i + 1, i + 2] });
    if (inFlight.length > 2000) inFlight.splice(0, 1000);
    if (i % 1000 === 0) peak = Math.max(peak, young());
  }
  console.log(peak);
`;

const peakYoung = (small: boolean) =>
  Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', workload(small)], { encoding: 'utf8' }).trim());

test('a server keeps V8\'s young generation at its starting size, where it would otherwise grow', () => {
  const grown = peakYoung(false);
  const kept = peakYoung(true);
  assert.ok(kept <= 4 * 1024 * 1024, `young generation reached ${kept} bytes with the growth factor set`);
  assert.ok(grown > 2 * kept, `the workload should grow it by default (it reached ${grown} bytes, kept: ${kept})`);
});
