import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { SignJWT } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import path from 'node:path';
import { generateApiKey, hashApiKey } from '../src/auth/api-keys.js';
import { BIN, REPO, benchConfig, connect, median, sideBySide, wardenCommand, type BenchRow } from './lib.js';

const CLIENTS = 50;
const CALLS_PER_CLIENT = 40;
const ISSUER = 'https://idp.bench.invalid/';
const AUDIENCE = 'mcp-warden-bench';
const TRIVIAL = { name: 'list_allowed_directories', arguments: {} };

/** Starts a server that logs "listening on http://127.0.0.1:<port>/mcp" to stderr; resolves with that port. */
function listening(args: string[]): Promise<{ port: number; child: ChildProcess }> {
  // BENCH_NODE_FLAGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the servers under the bench.
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      log += chunk;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(log);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.once('exit', (code) => reject(new Error(`${path.basename(args[0])} exited (${code}):\n${log}`)));
  });
}

/** `serve --http` on a free loopback port. */
const serveHttp = (config: string) => listening([BIN, 'serve', '--http', '--host', '127.0.0.1', '--port', '0', '--config', config]);

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const token = (key: KeyObject, sub: string, roles: string[] = []) => new SignJWT({ roles }).setProtectedHeader({ alg: 'RS256' })
  .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(sub).setIssuedAt().setExpirationTime('1h').sign(key);

async function httpClient(port: number, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'bench-http', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers } }));
  return client;
}
const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });

/** `calls` sequential calls per client, every client at once; each call's latency in ms and the wall time. */
async function concurrently(clients: Client[], calls: number): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(clients.map(async (client) => {
    for (let i = 0; i < calls; i++) {
      const t = performance.now();
      const r = await client.callTool(TRIVIAL);
      if (r.isError) throw new Error(`${TRIVIAL.name} failed: ${JSON.stringify(r.content).slice(0, 200)}`);
      latencies.push(performance.now() - t);
    }
  }));
  return { latencies, wallMs: performance.now() - t0 };
}

/** CPU time a process has used, in ms (Linux /proc, 100 ticks/s; 0 elsewhere): whether the server or the clients fill the cores. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.99) - 1];

/**
 * Shared mode, in one run: (a) a trivial call with an API key, and (b) with a JWT verified on
 * every request (RS256, PEM key in the config), each measured in alternation with a bare SDK
 * Streamable HTTP echo server; (c) 50 client sessions, each with its own token and principal,
 * calling at once, against one stdio client.
 */
export default async function run(): Promise<BenchRow[]> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = generateApiKey();
  const shared = {
    filesystem: { roots: [{ path: REPO, access: 'read' }] },
    auth: {
      apiKeys: { bench: { hash: hashApiKey(key), principal: 'bench' } },
      jwt: {
        issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'], publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        claims: { principal: 'sub', roles: 'roles' }, allowedRoles: ['admin'],
      },
    },
  };
  // info: the "listening on" line carries the port; nothing is logged per call at info.
  const { port, child } = await serveHttp(benchConfig({ ...shared, log: { level: 'info' } }));
  const echo = await listening([path.join(REPO, 'bench', 'echo-http-server.mjs')]);
  const stdio = await connect(wardenCommand(benchConfig(shared)));
  const rows: BenchRow[] = [];
  try {
    const bare = await httpClient(echo.port);
    const echoCall = { client: bare, name: 'echo', args: { text: 'x' } };
    // (a) and (b): the principal "bench" of benchConfig, as stdio acts, so all run the same roles and policies.
    const keyed = await httpClient(port, { 'X-API-Key': key });
    // Both servers' HTTP paths are JIT-warm before the first row, not during it.
    for (let i = 0; i < 200; i++) { await keyed.callTool(TRIVIAL); await bare.callTool({ name: 'echo', arguments: { text: 'x' } }); }
    const byKey = await sideBySide({ client: keyed, name: TRIVIAL.name, args: {} }, echoCall, 500);
    rows.push({
      scenario: 'trivial call over HTTP with an API key', ours: byKey.a, reference: byKey.b,
      unit: 'µs', baseline: 'SDK Streamable HTTP echo server', target: '≤ 1.5×',
    });
    await keyed.close();
    const signed = await httpClient(port, bearer(await token(privateKey, 'bench')));
    const byJwt = await sideBySide({ client: signed, name: TRIVIAL.name, args: {} }, echoCall, 500);
    rows.push({
      scenario: 'trivial tool round trip over HTTP (JWT verified per request)', ours: byJwt.a, reference: byJwt.b,
      unit: 'µs', baseline: 'SDK Streamable HTTP echo server',
    });
    await signed.close();
    await bare.close();
    process.stderr.write(`bench: http: API key ${(byKey.a / byKey.b).toFixed(2)}× echo (${byKey.a.toFixed(0)} µs vs ${byKey.b.toFixed(0)} µs), `
      + `JWT ${(byJwt.a / byJwt.b).toFixed(2)}× echo (${byJwt.a.toFixed(0)} µs vs ${byJwt.b.toFixed(0)} µs)\n`);

    // (c) 50 sessions, 50 principals (role from the token), all calling at once.
    const clients = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => httpClient(port, bearer(await token(privateKey, `bench-${i}`, ['admin'])))));
    await concurrently(clients, 5);
    const [server0, client0] = [cpuMs(child.pid), process.cpuUsage()];
    const loaded = await concurrently(clients, CALLS_PER_CLIENT);
    const serverCpu = (cpuMs(child.pid) - server0) / loaded.latencies.length;
    const used = process.cpuUsage(client0);
    const clientCpu = (used.user + used.system) / 1000 / loaded.latencies.length;
    await Promise.all(clients.map((c) => c.close()));
    // The baseline: one stdio client calling in sequence, the same number of calls.
    const stdioPid = (stdio.transport as { pid?: number | null } | undefined)?.pid ?? undefined;
    const stdio0 = cpuMs(stdioPid);
    const alone = await concurrently([stdio], CLIENTS * CALLS_PER_CLIENT);
    const stdioCpu = (cpuMs(stdioPid) - stdio0) / alone.latencies.length;
    const rate = (r: { latencies: number[]; wallMs: number }) => r.latencies.length / (r.wallMs / 1000);
    rows.push(
      { scenario: `throughput, ${CLIENTS} concurrent HTTP sessions (JWT each)`, ours: rate(loaded), reference: rate(alone), unit: 'calls/s', baseline: 'one stdio client, sequential' },
      { scenario: `p99 latency, ${CLIENTS} concurrent HTTP sessions`, ours: p99(loaded.latencies), reference: p99(alone.latencies), unit: 'ms', baseline: 'one stdio client, sequential' },
    );
    process.stderr.write(`bench: http: ${CLIENTS}×${CALLS_PER_CLIENT} calls, median ${median(loaded.latencies).toFixed(1)} ms, p99 ${p99(loaded.latencies).toFixed(1)} ms; `
      + `CPU per call: server ${(serverCpu * 1000).toFixed(0)} µs (stdio: ${(stdioCpu * 1000).toFixed(0)} µs), the ${CLIENTS} SDK clients ${(clientCpu * 1000).toFixed(0)} µs (same machine)\n`);
  } finally {
    await stdio.close();
    await Promise.all([stop(child), stop(echo.child)]);
  }
  return rows;
}
