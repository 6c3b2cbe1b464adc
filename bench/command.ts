import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { benchConfig, connect, median, tempDir, wardenCommand, type BenchRow } from './lib.js';

const RUNS = 31;
const BLOCKS = 6;
const PER_BLOCK = 8;

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

/**
 * Back-to-back calls to each server in alternating blocks (the load of a shared machine
 * drifts; both sides see the same), after a warm-up; median ms of each. `gapMs` spaces
 * the calls like an agent that reads each result before the next call.
 */
async function paired(clients: Client[], args: Record<string, unknown>, gapMs = 0): Promise<number[]> {
  const call = (c: Client) => c.callTool({ name: 'run_command', arguments: args });
  for (const c of clients) for (let i = 0; i < 3; i++) await call(c);
  const xs: number[][] = clients.map(() => []);
  for (let b = 0; b < BLOCKS; b++) {
    for (const k of b % 2 ? [...clients.keys()].reverse() : clients.keys()) {
      for (let i = 0; i < PER_BLOCK; i++) {
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
        const t0 = performance.now();
        await call(clients[k]);
        xs[k].push(performance.now() - t0);
      }
    }
  }
  return xs.map(median);
}

/** A project-sized root: 2,000 files in 200 folders, a few secrets and protected files. */
function projectTree(): string {
  const root = tempDir('warden-bench-cmd-tree-');
  for (let d = 0; d < 200; d++) {
    const dir = path.join(root, `pkg${d % 20}`, `mod${d}`);
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 10; f++) fs.writeFileSync(path.join(dir, `f${f}.ts`), 'export {};\n');
  }
  for (let d = 0; d < 20; d++) fs.writeFileSync(path.join(root, `pkg${d}`, 'package.json'), '{}');
  fs.writeFileSync(path.join(root, '.env'), 'KEY=1');
  fs.mkdirSync(path.join(root, '.git', 'hooks'), { recursive: true });
  return root;
}

const server = (root: string, sandbox: 'off' | 'required') => connect(wardenCommand(benchConfig({
  filesystem: { roots: [{ path: root, access: 'read-write' }] },
  commands: { allow: { true: {} }, sandbox },
})));

/**
 * `run_command true` through the full pipeline (audit on), sandboxed and not, vs execa
 * directly: back to back (a spare sandbox has only the previous call's time to set up)
 * and 50 ms apart (like an agent reading each result), in an empty root and a project-sized one.
 */
export default async function run(): Promise<BenchRow[]> {
  const { execa } = await import('execa');
  const direct = await time(() => execa('/usr/bin/true'));
  const rows: BenchRow[] = [];
  const empty = tempDir('warden-bench-cmd-');
  const project = projectTree();
  // Let the new trees settle: folders changed in the last moment are re-read on every launch.
  await new Promise((r) => setTimeout(r, 500));
  for (const [root, what] of [[empty, ''], [project, ', 2,000-file root']] as const) {
    const clients = [await server(root, 'off'), await server(root, 'required')];
    const [off, sandboxed] = await paired(clients, { command: 'true' });
    const [spacedOff, spacedSandboxed] = await paired(clients, { command: 'true' }, 50);
    for (const c of clients) await c.close();
    if (!what) {
      rows.push({ scenario: 'run_command true, unsandboxed (full pipeline)', ours: off, reference: direct, unit: 'ms', baseline: 'execa directly' });
      rows.push({ scenario: 'run_command true, bubblewrap sandbox (full pipeline)', ours: sandboxed, reference: direct, unit: 'ms', baseline: 'execa directly' });
    }
    const budget = { reference: 5, unit: 'ms', baseline: 'target budget', target: '≤ 5 ms' };
    rows.push({ scenario: `sandbox cost per launch${what}`, ours: sandboxed - off, ...budget });
    rows.push({ scenario: `sandbox cost per launch${what}, calls 50 ms apart`, ours: spacedSandboxed - spacedOff, ...budget });
  }
  for (const d of [empty, project]) fs.rmSync(d, { recursive: true, force: true });
  return rows;
}
