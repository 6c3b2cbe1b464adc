// Shared mode under test: the compiled bin started with `serve --http --port 0`, driven
// over real HTTP by the SDK's Streamable HTTP client and by raw node:http requests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { SignJWT, exportSPKI, generateKeyPair, type JWTPayload } from 'jose';
import { BIN } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { trackChild } from '../helpers/children.js';
import { auditRows } from '../helpers/audit-rows.js';

/** A new API key and the hash the config stores. */
export function apiKey(): { key: string; hash: string } {
  const key = `mw_${randomBytes(32).toString('base64url')}`;
  return { key, hash: `sha256:${createHash('sha256').update(key).digest('hex')}` };
}

export const ISSUER = 'https://idp.test';
export const AUDIENCE = 'mcp-warden-test';

/** A signing key pair; `publicKey` is PEM for `auth.jwt.publicKey`, `sign` makes a token. */
export async function jwtIssuer(alg: 'RS256' | 'ES256' = 'RS256') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return {
    alg,
    publicKey: await exportSPKI(publicKey),
    /** A token with sensible defaults (issuer, audience, one hour); `claims` override them. */
    sign(claims: JWTPayload & { exp?: number }, header: Record<string, unknown> = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600, ...claims })
        .setProtectedHeader({ alg, ...header }).sign(privateKey);
    },
  };
}

/** The `auth.jwt` section for an issuer made by jwtIssuer. */
export const jwtConfig = (publicKey: string, alg: string, extra: Record<string, unknown> = {}) => ({
  issuer: ISSUER, audience: AUDIENCE, algorithms: [alg], publicKey, claims: { principal: 'sub', roles: 'roles' }, allowedRoles: ['developer', 'readonly'], ...extra,
});

export interface HttpServer {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:PORT */
  base: string;
  /** http://127.0.0.1:PORT/mcp */
  mcp: string;
  dir: string;
  /** A read-write root, `ws` inside dir. */
  ws: string;
  auditPath: string;
  configPath: string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  rows(): Array<Record<string, any>>;
  /** Sends SIGTERM (by default) and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Writes a config into a new temp dir (audit beside it, one read-write root `ws`). */
export function writeConfig(config: (ws: string, dir: string) => Record<string, unknown>) {
  const dir = tempDir('warden-http-');
  const ws = path.join(dir, 'ws');
  fs.mkdirSync(ws);
  const auditPath = path.join(dir, 'audit.db');
  const configPath = path.join(dir, 'mcp-warden.json');
  const body = config(ws, dir);
  fs.writeFileSync(configPath, JSON.stringify({
    audit: { path: auditPath }, filesystem: { roots: [{ path: ws, access: 'read-write' }] }, ...body,
  }, null, 2));
  return { dir, ws, auditPath, configPath };
}

/** Starts `mcp-warden serve --http --port 0` and waits for the port it logs. */
export async function startHttp(config: (ws: string, dir: string) => Record<string, unknown>, extraArgs: string[] = []): Promise<HttpServer> {
  const files = writeConfig(config);
  const child = spawn(process.execPath, [BIN, 'serve', '--http', '--port', '0', '--config', files.configPath, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? files.dir },
  });
  trackChild(child.pid, child);
  let stderr = '';
  child.stderr!.on('data', (c) => { stderr += c; });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 15 s; stderr: ${stderr}`)), 15_000);
    const look = () => {
      for (const line of stderr.split('\n')) {
        if (!line.includes('"msg":"listening on http')) continue;
        clearTimeout(timer);
        return resolve(JSON.parse(line).port);
      }
    };
    child.stderr!.on('data', look);
    void exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`server exited (${code}) before listening; stderr: ${stderr}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    ...files, child, port, base, mcp: `${base}/mcp`, exited,
    stderr: () => stderr,
    rows: () => auditRows(files.auditPath),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return (await exited).code;
    },
  };
}

export interface Connected {
  client: Client;
  transport: StreamableHTTPClientTransport;
  sessionId: string;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  tools(): Promise<string[]>;
  close(): Promise<void>;
}

/** An SDK client over Streamable HTTP, sending these headers (the credential) on every request. */
export async function connect(server: HttpServer, headers: Record<string, string>, options: { onElicit?: (message: string) => ElicitResult } = {}): Promise<Connected> {
  const transport = new StreamableHTTPClientTransport(new URL(server.mcp), { requestInit: { headers } });
  const client = new Client({ name: 'warden-http-test', version: '1.0.0' }, { capabilities: options.onElicit ? { elicitation: { form: {} } } : {} });
  const answer = options.onElicit;
  if (answer) client.setRequestHandler(ElicitRequestSchema, async (request) => answer(request.params.message));
  client.onerror = () => { /* the event stream ends when the server stops */ };
  await client.connect(transport);
  return {
    client, transport, sessionId: transport.sessionId!,
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    tools: async () => (await client.listTools()).tools.map((t) => t.name).sort(),
    close: () => client.close(),
  };
}

export interface RawResponse { status: number; headers: http.IncomingHttpHeaders; body: string; json(): any }

/**
 * One request over node:http, for what fetch will not send (a forged Host, a chunked body
 * that never declares its length). `body` as a string or a list of chunks (sent chunked).
 */
export function raw(server: HttpServer, options: { method?: string; path?: string; headers?: Record<string, string | string[]>; body?: string | string[] }): Promise<RawResponse> {
  const { method = 'POST', path: target = '/mcp', headers = {}, body } = options;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: target, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text, json: () => JSON.parse(text) }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may answer 413 and close before the whole body is sent.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end(body);
  });
}

/** JSON-RPC headers a Streamable HTTP POST needs. */
export const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': '2025-06-18' };

/** A tools/call body. */
export const toolCall = (name: string, args: Record<string, unknown>, id = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

/** The single JSON-RPC message of an SSE or JSON answer. */
export function rpcMessage(body: string): any {
  const data = body.split('\n').find((l) => l.startsWith('data: '));
  return JSON.parse(data ? data.slice(6) : body);
}

/** Audit rows of HTTP requests refused before any session ran them (their detail names the client address). */
export const refusalRows = (server: HttpServer) =>
  server.rows().filter((r) => r.kind === 'decision' && r.decision === 'deny' && r.detail && 'ip' in JSON.parse(r.detail))
    .map((r) => ({ ...r, detail: JSON.parse(r.detail) }));

/** The users every e2e config uses: alice and bob may write, carol only reads. */
export const USERS = { alice: { roles: ['developer'] }, bob: { roles: ['developer'] }, carol: { roles: ['readonly'] } };
