// Memory under a long run of calls: RSS growth per 10,000 calls after warm-up and peak RSS,
// mcp-warden (full pipeline, audit on) vs the pinned reference filesystem server, same mix.
// Standalone: `node --import tsx bench/reliability.ts [calls]`; also a scenario for bench/run.ts.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { benchConfig, tempDir, REPO, type BenchRow } from './lib.js';

const REFERENCE = path.join(path.dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/package.json')), 'dist', 'index.js');
const MiB = 1024 * 1024;

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** Runs `calls` calls 16 at a time over raw stdio; returns RSS samples every 10,000 calls and the peak. */
async function measure(command: string[], mix: Array<[string, Record<string, unknown>]>, calls: number) {
  const child = spawn(process.execPath, command, { stdio: ['pipe', 'pipe', 'ignore'] });
  const pending = new Map<number, () => void>();
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const msg = JSON.parse(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
      pending.get(msg.id)?.();
      pending.delete(msg.id);
    }
  });
  let id = 0;
  const send = (method: string, params: unknown) => new Promise<void>((resolve) => {
    pending.set(++id, resolve);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
  });
  await send('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
  child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  const samples: number[] = [];
  let peak = rss(child.pid!);
  for (let sent = 0; sent < calls; sent += 16) {
    await Promise.all(Array.from({ length: 16 }, (_, i) => {
      const [name, args] = mix[(sent + i) % mix.length];
      return send('tools/call', { name, arguments: args });
    }));
    peak = Math.max(peak, rss(child.pid!));
    if ((sent + 16) % 10_000 < 16) samples.push(rss(child.pid!));
  }
  child.kill();
  // Growth per 10,000 calls from the first sample (after warm-up) to the last.
  const growth = samples.length > 1 ? (samples[samples.length - 1] - samples[0]) / (samples.length - 1) : 0;
  return { growth: growth / MiB, peak: peak / MiB, samples: samples.map((s) => +(s / MiB).toFixed(1)) };
}

export default async function run(calls = Number(process.env.BENCH_RELIABILITY_CALLS ?? 100_000)): Promise<BenchRow[]> {
  const dir = tempDir('warden-bench-reliability-');
  const root = path.join(dir, 'root');
  fs.mkdirSync(path.join(root, 'list'), { recursive: true });
  fs.writeFileSync(path.join(root, 'one-k.txt'), 'x'.repeat(1024));
  for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(root, 'list', `f${i}`), 'x');
  const mix: Array<[string, Record<string, unknown>]> = [
    ['read_text_file', { path: path.join(root, 'one-k.txt') }],
    ['write_file', { path: path.join(root, 'out.txt'), content: 'y'.repeat(1024) }],
    ['get_file_info', { path: path.join(root, 'one-k.txt') }],
    ['list_directory', { path: path.join(root, 'list') }],
    ['read_text_file', { path: '/etc/passwd' }],
  ];
  try {
    const config = benchConfig({ filesystem: { roots: [{ path: root, access: 'read-write' }] } }, dir);
    const ours = await measure([path.join(REPO, 'bin', 'mcp-warden.js'), 'serve', '--config', config], mix, calls);
    const reference = await measure([REFERENCE, root], mix, calls);
    process.stderr.write(`bench reliability: RSS every 10,000 calls (MiB): ours ${ours.samples.join(' ')}; reference ${reference.samples.join(' ')}\n`);
    return [
      { scenario: `RSS growth per 10,000 calls (${calls.toLocaleString('en')} calls, after warm-up)`, ours: ours.growth, reference: reference.growth, unit: 'MiB', baseline: 'reference filesystem server', target: 'flat' },
      { scenario: `peak RSS over ${calls.toLocaleString('en')} calls`, ours: ours.peak, reference: reference.peak, unit: 'MiB', baseline: 'reference filesystem server' },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run(Number(process.argv[2] ?? 100_000))) {
    console.log(`${r.scenario}: ours ${r.ours.toFixed(2)} ${r.unit}, reference ${r.reference.toFixed(2)} ${r.unit}`);
  }
}
