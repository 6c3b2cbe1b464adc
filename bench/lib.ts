import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(REPO, 'bin', 'mcp-warden.js');

/** One row of the table: the same measure for mcp-warden and its baseline, in one run. */
export interface BenchRow {
  scenario: string;
  ours: number;
  reference: number;
  unit: string;
  /** What the baseline is, when not the default of the file. */
  baseline?: string;
  target?: string;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export const tempDir = (prefix = 'warden-bench-') => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));

/** Writes a config for a bench run: generous rate limits, audit on in a temp folder. */
export function benchConfig(extra: Record<string, unknown>, dir = tempDir()): string {
  const file = path.join(dir, 'mcp-warden.json');
  fs.writeFileSync(file, JSON.stringify({
    principal: 'bench', users: { bench: { roles: ['admin'] } },
    rateLimits: { default: { capacity: 1e9, refillPerSecond: 1e9 }, total: { capacity: 1e9, refillPerSecond: 1e9 } },
    audit: { path: path.join(dir, 'audit.db') }, log: { level: 'warn' },
    ...extra,
  }));
  return file;
}

export const wardenCommand = (configFile: string) => ({ command: process.execPath, args: [BIN, 'serve', '--config', configFile] });

/** Spawns a stdio server and connects an SDK client; resolves once initialized. */
export async function connect(server: { command: string; args: string[]; cwd?: string }): Promise<Client> {
  const transport = new StdioClientTransport({ ...server, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Spawn → initialize → tools/list, in ms, once. */
async function startOnce(server: { command: string; args: string[] }): Promise<number> {
  const t0 = performance.now();
  const client = await connect(server);
  await client.listTools();
  const ms = performance.now() - t0;
  await client.close();
  return ms;
}

/** Cold starts of two servers in alternation (medians, ms), so load shifts hit both alike. */
export async function coldStartSideBySide(a: { command: string; args: string[] }, b: { command: string; args: string[] }, runs = 21) {
  await startOnce(a);
  await startOnce(b);
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2) { ta.push(await startOnce(a)); tb.push(await startOnce(b)); } else { tb.push(await startOnce(b)); ta.push(await startOnce(a)); }
  }
  return { a: median(ta), b: median(tb) };
}

/**
 * Median latency of two calls measured in alternation, in µs: both sides see the same
 * machine state, so a busy neighbour skews neither ratio side alone.
 */
export async function sideBySide(
  a: { client: Client; name: string; args: Record<string, unknown> },
  b: { client: Client; name: string; args: Record<string, unknown> },
  n = 300,
): Promise<{ a: number; b: number }> {
  const once = async (s: typeof a) => {
    const t0 = performance.now();
    const r = await s.client.callTool({ name: s.name, arguments: s.args });
    if (r.isError) throw new Error(`${s.name} failed: ${JSON.stringify(r.content).slice(0, 200)}`);
    return (performance.now() - t0) * 1000;
  };
  for (let i = 0; i < 20; i++) { await once(a); await once(b); }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < n; i++) {
    // Alternate which side goes first, so neither always follows the other's after-work.
    if (i % 2) { ta.push(await once(a)); tb.push(await once(b)); } else { tb.push(await once(b)); ta.push(await once(a)); }
  }
  return { a: median(ta), b: median(tb) };
}

/** Median latency of `n` sequential calls, in µs, after a short warm-up. */
export async function roundTrip(client: Client, name: string, args: Record<string, unknown>, n = 300): Promise<number> {
  for (let i = 0; i < 20; i++) await client.callTool({ name, arguments: args });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await client.callTool({ name, arguments: args });
    times.push((performance.now() - t0) * 1000);
  }
  return median(times);
}
