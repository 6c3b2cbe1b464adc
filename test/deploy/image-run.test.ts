import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { REPO, BIN, refusalOf } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { trackChild } from '../helpers/children.js';
import { generateApiKey, hashApiKey } from '../../src/auth/api-keys.js';
import {
  DOCKERFILE, IMAGE_USER, configMapConfig, envOf, layOutVolumes, loadManifests, parseDockerfile, rehome,
} from './files.js';

// The image was never built here (no container engine): this runs the server the way its
// runtime stage would, on a temp folder laid out like the container's filesystem. The app
// folder holds what the runtime stage copies, the volumes are laid out as deployment.yaml
// mounts them, and the process runs as the image's uid (when the tests run as root, as CI
// does), so a write anywhere but the declared writable volumes fails as it would on a
// read-only root filesystem.

const { stages } = parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'));
const runtime = stages[stages.length - 1];
const build = stages.find((s) => s.name === runtime.instructions.find((i) => i.flags.from)?.flags.from)!;
const last = (op: string, stage = runtime) => stage.instructions.filter((i) => i.op === op).at(-1)!;
const workdir = last('WORKDIR').args;
const { manifests } = loadManifests();
const { json: shippedConfig } = configMapConfig(manifests);
const asRoot = process.getuid?.() === 0;

const root = tempDir('warden-image-');
const apiKey = generateApiKey();
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
let writable: string[] = [];
let child: ChildProcess;
let stderr = '';
let port = 0;
let before_: Map<string, string>;
let strayBefore: string[] = [];

/** Every path under the fake root that is not a writable volume, with what would show a change. */
function snapshot(): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (writable.includes(file)) continue;
      const s = fs.lstatSync(file);
      seen.set(path.relative(root, file), `${s.mode}:${s.uid}:${s.size}:${s.mtimeMs}`);
      if (s.isDirectory()) walk(file);
    }
  };
  walk(root);
  return seen;
}

/** Files owned by the image's uid in the world-writable folders, outside our writable volumes. */
function strayFiles(): string[] {
  if (!asRoot) return [];
  const found = spawnSync('find', ['/tmp', '/var/tmp', '/dev/shm', '-xdev', '-maxdepth', '3', '-uid', String(IMAGE_USER)], { encoding: 'utf8' }).stdout;
  return found.split('\n').filter((f) => f && !writable.some((w) => f === w || f.startsWith(`${w}/`)));
}

/** The runtime stage's COPY --from=build lines, from this checkout's build output. */
function layOutApp(): void {
  const from = last('WORKDIR', build).args;
  for (const copy of runtime.instructions.filter((i) => i.op === 'COPY')) {
    const [src, dest] = copy.args.split(/\s+/);
    const source = path.join(REPO, path.posix.relative(from, src));
    const target = path.join(root, path.posix.resolve(workdir, dest));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // node_modules is linked, not copied: the image has the pruned production tree, we have the dev one.
    if (path.basename(source) === 'node_modules') fs.symlinkSync(source, target);
    else fs.cpSync(source, target, { recursive: true });
  }
}

/** The image's ENTRYPOINT + CMD, with paths moved into the fake root, loopback, and a free port. */
function imageArgv(): string[] {
  const argv = [...last('ENTRYPOINT').json!, ...last('CMD').json!];
  return argv.map((arg, i) => {
    if (argv[i - 1] === '--host') return '127.0.0.1';
    if (argv[i - 1] === '--port') return '0';
    return arg === 'node' ? process.execPath : rehome(arg, root);
  });
}

const url = (p: string) => `http://127.0.0.1:${port}${p}`;

async function connect(authorization: string): Promise<Client> {
  const client = new Client({ name: 'image-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url('/mcp')), { requestInit: { headers: { Authorization: authorization } } }));
  return client;
}

const call = (client: Client, name: string, args: Record<string, unknown> = {}) =>
  client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

/** The image's HEALTHCHECK command, at the port the test server listens on. */
function healthcheck(): number | null {
  const [, exec] = /^CMD\s+(\[.*\])$/.exec(last('HEALTHCHECK').args)!;
  const [node, ...args] = JSON.parse(exec) as string[];
  assert.equal(node, 'node');
  const portArg = last('CMD').json![last('CMD').json!.indexOf('--port') + 1];
  const script = args.map((a) => a.replaceAll(`127.0.0.1:${portArg}/`, `127.0.0.1:${port}/`));
  return spawnSync(process.execPath, script, { timeout: 10_000 }).status;
}

before(async () => {
  fs.chmodSync(root, 0o755);
  layOutApp();
  const config = structuredClone(shippedConfig);
  config.auth.apiKeys.ci.hash = hashApiKey(apiKey);
  writable = layOutVolumes(root, manifests, config, { 'jwt.pem': publicKey.export({ type: 'spki', format: 'pem' }).toString() }, asRoot);
  const workspace = rehome(config.filesystem.roots[0].path as string, root);
  fs.writeFileSync(path.join(workspace, 'hello.txt'), 'hello from the workspace\n');
  if (asRoot) fs.chownSync(path.join(workspace, 'hello.txt'), IMAGE_USER, IMAGE_USER);
  const env = envOf(runtime);
  for (const name of ['HOME', 'TMPDIR']) {
    assert.ok(writable.includes(rehome(env[name], root)), `${name}=${env[name]} is not a writable volume`);
  }
  before_ = snapshot();
  strayBefore = strayFiles();

  const [command, ...args] = imageArgv();
  child = spawn(command, args, {
    cwd: path.join(root, workdir),
    env: { PATH: process.env.PATH, NODE_ENV: env.NODE_ENV, HOME: rehome(env.HOME, root), TMPDIR: rehome(env.TMPDIR, root) },
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(asRoot ? { uid: IMAGE_USER, gid: IMAGE_USER } : {}),
  });
  trackChild(child.pid, child);
  port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line in 20 s:\n${stderr}`)), 20_000);
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(stderr);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}) before listening:\n${stderr}`)); });
  });
});

after(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

test('the server starts from the image layout as a non-root uid with only the volumes writable', () => {
  assert.ok(port > 0);
  if (asRoot) assert.equal(fs.statSync(`/proc/${child.pid}`).uid, IMAGE_USER);
  assert.equal(fs.lstatSync(path.join(root, workdir)).uid, asRoot ? 0 : process.getuid?.());
});

test('/healthz and /readyz answer 200 without a credential; readiness checked the audit log', async () => {
  const health = await fetch(url('/healthz'));
  assert.equal(health.status, 200);
  const ready = await fetch(url('/readyz'));
  const body = await ready.json() as { status: string; checks: { name: string; ok: boolean }[] };
  assert.equal(ready.status, 200, JSON.stringify(body));
  assert.equal(body.status, 'ready');
  assert.deepEqual(body.checks.find((c) => c.name === 'audit'), { name: 'audit', ok: true });
});

test('the image HEALTHCHECK command passes against the running server', () => {
  assert.equal(healthcheck(), 0);
});

test('/metrics answers Prometheus text; /mcp without a credential is 401 with a Bearer challenge', async () => {
  const metrics = await fetch(url('/metrics'));
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type') ?? '', /text\/plain/);
  const anonymous = await fetch(url('/mcp'), {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
  });
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer .*resource_metadata="https:\/\/mcp-warden\.example\.com\/\.well-known\/oauth-protected-resource\/mcp"/);
});

test('an API key from the ConfigMap\'s apiKeys acts as its principal, with that user\'s roles', async () => {
  const client = await connect(`Bearer ${apiKey}`);
  try {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(tools.includes('read_text_file') && !tools.includes('write_file'), `ci-bot is readonly, got ${tools.join(', ')}`);
    const workspace = rehome(shippedConfig.filesystem.roots[0].path as string, root);
    assert.match(text(await call(client, 'list_allowed_directories')), new RegExp(workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(text(await call(client, 'read_text_file', { path: path.join(workspace, 'hello.txt') })), 'hello from the workspace\n');
    const refused = refusalOf(await call(client, 'write_file', { path: path.join(workspace, 'nope.txt'), content: 'x' }));
    assert.equal(refused?.code, 'denied');
    assert.equal(fs.existsSync(path.join(workspace, 'nope.txt')), false);
  } finally {
    await client.close();
  }
});

test('a JWT signed by the key in the Secret acts as its subject with a role allowedRoles lets through, and can write the workspace', async () => {
  const jwt = shippedConfig.auth.jwt;
  const token = await new SignJWT({ roles: ['developer', 'admin'] }).setProtectedHeader({ alg: 'RS256' })
    .setIssuer(jwt.issuer).setAudience(jwt.audience).setSubject('alice@example.com').setIssuedAt().setExpirationTime('5m')
    .sign(privateKey);
  const client = await connect(`Bearer ${token}`);
  try {
    const workspace = rehome(shippedConfig.filesystem.roots[0].path as string, root);
    const result = await call(client, 'write_file', { path: path.join(workspace, 'from-alice.txt'), content: 'written through HTTP\n' });
    assert.equal(result.isError, undefined, text(result));
    assert.equal(fs.readFileSync(path.join(workspace, 'from-alice.txt'), 'utf8'), 'written through HTTP\n');
    // "admin" is not in allowedRoles: the token asked for it, the server dropped it.
    const tools = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(tools.includes('write_file'));
  } finally {
    await client.close();
  }
});

test('SIGTERM (what Kubernetes and docker stop send to PID 1) ends the server with exit 0', async () => {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000).unref())]);
  assert.equal(code, 0, stderr);
  assert.notEqual(healthcheck(), 0, 'the HEALTHCHECK passes with no server: it would never fail');
});

test('nothing was written outside the writable volumes; the audit log is on the state volume and verifies', () => {
  assert.deepEqual(
    [...snapshot()].filter(([file, stat]) => before_.get(file) !== stat).map(([file]) => file),
    [], 'files outside the writable volumes changed or appeared',
  );
  assert.deepEqual([...before_.keys()].filter((f) => !snapshot().has(f)), [], 'files outside the writable volumes vanished');
  assert.deepEqual(strayFiles().filter((f) => !strayBefore.includes(f)), [], 'the server wrote into a world-writable folder');
  const auditPath = rehome(shippedConfig.audit.path as string, root);
  assert.ok(writable.some((w) => auditPath.startsWith(`${w}/`)));
  const verify = spawnSync(process.execPath, [BIN, 'audit', 'verify', '--audit', auditPath], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const rows = execFileSync(process.execPath, [BIN, 'audit', 'search', '--audit', auditPath, '--json'], { encoding: 'utf8' })
    .trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(rows.some((r) => r.principal === 'ci-bot' && r.tool === 'write_file' && r.decision === 'deny'));
  assert.ok(rows.some((r) => r.principal === 'alice@example.com' && r.tool === 'write_file' && r.decision === 'allow'));
});
