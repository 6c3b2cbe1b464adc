// File-tool scenarios against the pinned reference server, both over real stdio (issue 4).
// Ratios matter, not absolute numbers; the runner prints the table for bench/RESULTS.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { coldStartSideBySide, sideBySide, type BenchRow } from './lib.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REFERENCE = path.join(path.dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/package.json')), 'dist', 'index.js');

// BENCH_NODE_FLAGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", is put before mcp-warden's
// arguments (never the reference's); BENCH_FILES, a comma-separated list of scenario name
// prefixes (e.g. "get_file_info,read_text_file 1 MiB"), runs only those rows.
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
// BENCH_REFERENCE_NODE_FLAGS does the same for the reference server, to profile it alike.
// BENCH_WARDEN_BIN runs another build's bin/mcp-warden.js as "ours"; BENCH_BASELINE_BIN puts
// another build in the reference's place: an A/B of two builds in one run, same calls.
const WARDEN_BIN = process.env.BENCH_WARDEN_BIN ?? path.join(REPO, 'bin', 'mcp-warden.js');
const BASELINE_BIN = process.env.BENCH_BASELINE_BIN;
const REFERENCE_FLAGS = process.env.BENCH_REFERENCE_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
const ONLY = process.env.BENCH_FILES?.split(',').map((s) => s.trim()).filter(Boolean);
// BENCH_FILES_RUNS multiplies each row's call count (e.g. 10 for a profile with enough samples).
const RUNS = Number(process.env.BENCH_FILES_RUNS ?? 1);
const wanted = (scenario: string) => !ONLY || ONLY.some((prefix) => scenario.startsWith(prefix));

async function connect(args: string[]): Promise<{ client: Client; pid: () => number | null }> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  // BENCH_STDERR=1 passes the servers' stderr through (not --trace-gc: V8 prints that to stdout, the protocol).
  const transport = new StdioClientTransport({ command: process.execPath, args, stderr: process.env.BENCH_STDERR ? 'inherit' : 'ignore' });
  await client.connect(transport);
  return { client, pid: () => transport.pid };
}

/** A process's peak resident set (VmHWM) in MiB, or NaN where /proc is not there. */
function peakRssMiB(pid: number | null): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** A tree of `files` markdown/text files spread over folders of 20. */
function makeTree(dir: string, files: number): void {
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, `d${Math.floor(i / 400)}`, `e${Math.floor(i / 20) % 20}`);
    if (i % 20 === 0) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `f${i}.${i % 2 ? 'md' : 'txt'}`), 'x');
  }
}

/** Wall time of `n` batches of 8 calls in flight at once, p50 per batch. */
async function inFlight8(client: Client, name: string, args: Record<string, unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await Promise.all(Array.from({ length: 8 }, () => client.callTool({ name, arguments: args })));
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export default async function run(): Promise<BenchRow[]> {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'warden-bench-files-')));
  const root = path.join(base, 'root');
  try {
    fs.mkdirSync(path.join(root, 'list'), { recursive: true });
    fs.writeFileSync(path.join(root, 'one-k.txt'), 'x'.repeat(1024));
    fs.writeFileSync(path.join(root, 'one-m.txt'), 'x'.repeat(1024 * 1024));
    for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(root, 'list', `f${i}`), 'x');
    if (wanted('search_files')) makeTree(path.join(root, 'big'), 20_000);
    if (wanted('directory_tree')) makeTree(path.join(root, 'tree'), 3_000);
    const writeConfig = (name: string) => {
      const file = path.join(base, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify({
        principal: 'me', users: { me: { roles: ['developer'] } },
        filesystem: { roots: [{ path: root, access: 'read-write' }] }, audit: { path: path.join(base, `${name}-audit.db`) },
        // The bench measures the tools, not the throttle.
        rateLimits: { default: { capacity: 1e9, refillPerSecond: 1e9 }, total: { capacity: 1e9, refillPerSecond: 1e9 } },
      }));
      return file;
    };
    const oursCommand = { command: process.execPath, args: [...NODE_FLAGS, WARDEN_BIN, 'serve', '--config', writeConfig('mcp-warden')] };
    const referenceCommand = BASELINE_BIN
      ? { command: process.execPath, args: [...REFERENCE_FLAGS, BASELINE_BIN, 'serve', '--config', writeConfig('baseline')] }
      : { command: process.execPath, args: [...REFERENCE_FLAGS, REFERENCE, root] };
    const rows: BenchRow[] = [];
    if (wanted('cold start')) {
      const start = await coldStartSideBySide(oursCommand, referenceCommand);
      rows.push({ scenario: 'cold start → tools/list', ours: start.a, reference: start.b, unit: 'ms', baseline: 'server-filesystem' });
    }
    const oursServer = await connect(oursCommand.args);
    const referenceServer = await connect(referenceCommand.args);
    const ours = oursServer.client;
    const reference = referenceServer.client;
    const scenarios: Array<[string, string, Record<string, unknown>, number, string?]> = [
      ['read_text_file 1 KiB p50', 'read_text_file', { path: path.join(root, 'one-k.txt') }, 500, '≤ 1.0×'],
      ['read_text_file 1 MiB p50', 'read_text_file', { path: path.join(root, 'one-m.txt') }, 30, '≤ 1.1×'],
      ['get_file_info p50', 'get_file_info', { path: path.join(root, 'one-k.txt') }, 200, '≤ 1.0×'],
      ['write_file 1 KiB p50', 'write_file', { path: path.join(root, 'w.txt'), content: 'y'.repeat(1024) }, 500, '≤ 1.0×'],
      ['list_directory 1,000 entries p50', 'list_directory', { path: path.join(root, 'list') }, 200, '≤ 1.0×'],
      ['directory_tree 3,000 files p50', 'directory_tree', { path: path.join(root, 'tree') }, 10, '≤ 0.5×'],
      ['search_files **/*.md over 20,000 files p50', 'search_files', { path: path.join(root, 'big'), pattern: '**/*.md' }, 5, '≤ 0.33×'],
    ];
    for (const [scenario, name, args, runs, target] of scenarios) {
      if (!wanted(scenario)) continue;
      const { a, b } = await sideBySide({ client: ours, name, args }, { client: reference, name, args }, runs * RUNS);
      rows.push({ scenario, ours: a / 1000, reference: b / 1000, unit: 'ms', baseline: 'server-filesystem', target });
    }
    const one = { path: path.join(root, 'one-k.txt') };
    if (wanted('8 read_text_file')) {
      rows.push({ scenario: '8 read_text_file calls in flight, p50 per batch', ours: await inFlight8(ours, 'read_text_file', one, 50), reference: await inFlight8(reference, 'read_text_file', one, 50), unit: 'ms', baseline: 'server-filesystem' });
    }
    // Each server's own peak over every row above (both ran the same calls), 1 MiB reads included.
    rows.push({ scenario: 'peak RSS of the server over the rows above', ours: peakRssMiB(oursServer.pid()), reference: peakRssMiB(referenceServer.pid()), unit: 'MiB', baseline: 'server-filesystem', target: '≤ 1.2×' });
    await ours.close();
    await reference.close();
    return rows;
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await run()) console.log(`${row.scenario}: ours ${row.ours.toFixed(2)} ${row.unit}, reference ${row.reference.toFixed(2)} ${row.unit}, ratio ${(row.ours / row.reference).toFixed(2)}`);
}
