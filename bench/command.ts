import { benchConfig, connect, median, tempDir, wardenCommand, type BenchRow } from './lib.js';

const RUNS = 31;

/** Median ms of `fn` over RUNS, after two warm-up runs. */
async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

/** `run_command true` through the full pipeline (audit on), sandboxed and not, vs execa directly. */
export default async function run(): Promise<BenchRow[]> {
  const { execa } = await import('execa');
  const root = tempDir('warden-bench-cmd-');
  const direct = await time(() => execa('/usr/bin/true'));
  const rows: BenchRow[] = [];
  const measured: Record<string, number> = {};
  for (const sandbox of ['off', 'required'] as const) {
    const client = await connect(wardenCommand(benchConfig({
      filesystem: { roots: [{ path: root, access: 'read-write' }] },
      commands: { allow: { true: {} }, sandbox },
    })));
    measured[sandbox] = await time(() => client.callTool({ name: 'run_command', arguments: { command: 'true' } }));
    await client.close();
  }
  rows.push({ scenario: 'run_command true, unsandboxed (full pipeline)', ours: measured.off, reference: direct, unit: 'ms', baseline: 'execa directly' });
  rows.push({ scenario: 'run_command true, bubblewrap sandbox (full pipeline)', ours: measured.required, reference: direct, unit: 'ms', baseline: 'execa directly' });
  rows.push({ scenario: 'sandbox cost per launch', ours: measured.required - measured.off, reference: 5, unit: 'ms', baseline: 'target budget', target: '≤ 5 ms' });
  return rows;
}
