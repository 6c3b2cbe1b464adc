// A JSON-RPC client on the compiled server's own stdio, for tests that kill, flood or
// restart the process: every request is tracked by id, every line kept.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN } from './server.js';
import { trackChild } from './children.js';

export interface Wire {
  child: ChildProcessWithoutNullStreams;
  pid: number;
  /** Resolves with the whole response (result or error) to a request. */
  request(method: string, params?: unknown): Promise<any>;
  /** tools/call; resolves with the CallToolResult, rejects on a protocol error or death. */
  call(name: string, args?: Record<string, unknown>): Promise<any>;
  /** Writes one raw line (a newline is added); waits for the pipe to drain. */
  write(line: string | Buffer): Promise<void>;
  /** Lines that answered no pending request (parse errors, id null). */
  strays: any[];
  stderr(): string;
  alive(): boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Closes stdin and waits for a clean exit. */
  end(): Promise<number | null>;
}

export interface WireOptions { env?: Record<string, string>; initialize?: boolean }

/** Spawns `mcp-warden serve --config FILE` and (by default) completes the MCP handshake. */
export async function openWire(configPath: string, options: WireOptions = {}): Promise<Wire> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', configPath], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...options.env },
  });
  trackChild(child.pid, child);
  let stderr = '';
  let buffered = '';
  let nextId = 1;
  const pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();
  const strays: any[] = [];
  let dead = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      dead = true;
      for (const p of pending.values()) p.reject(new Error(`server exited (${code ?? signal}) before answering`));
      pending.clear();
      resolve({ code, signal });
    });
  });
  child.stdin.on('error', () => { /* EPIPE after a kill: the exit handler reports it */ });
  child.stderr.on('data', (c) => { if (stderr.length < 1 << 20) stderr += c; });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.trim()) continue;
      let message: any;
      try { message = JSON.parse(line); } catch { strays.push({ unparsable: line.slice(0, 200) }); continue; }
      const waiter = typeof message.id === 'number' ? pending.get(message.id) : undefined;
      if (waiter && ('result' in message || 'error' in message)) {
        pending.delete(message.id);
        waiter.resolve(message);
      } else strays.push(message);
    }
  });

  // One write at a time, each waiting for the pipe to drain: bursts never pile up listeners.
  let queue = Promise.resolve();
  const writeOne = (line: string | Buffer) => new Promise<void>((resolve) => {
    if (dead || child.stdin.destroyed) return resolve();
    const ok = child.stdin.write(typeof line === 'string' ? `${line}\n` : Buffer.concat([line, Buffer.from('\n')]));
    if (ok) resolve();
    else {
      const done = () => { child.stdin.off('drain', done); child.off('exit', done); resolve(); };
      child.stdin.on('drain', done);
      child.on('exit', done);
    }
  });
  const write = (line: string | Buffer) => (queue = queue.then(() => writeOne(line)));
  const request = (method: string, params?: unknown) => new Promise<any>((resolve, reject) => {
    if (dead) return reject(new Error('server is not running'));
    const id = nextId++;
    pending.set(id, { resolve, reject });
    void write(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }));
  });
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const response = await request('tools/call', { name, arguments: args });
    if (response.error) throw new Error(`protocol error ${response.error.code}: ${response.error.message}`);
    return response.result;
  };

  if (options.initialize !== false) {
    const init = await request('initialize', {
      protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'reliability', version: '1' },
    });
    if (!init.result) throw new Error(`initialize failed: ${JSON.stringify(init)} ${stderr}`);
    await write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  }
  return {
    child, pid: child.pid!, request, call, write, strays, exited,
    stderr: () => stderr,
    alive: () => !dead,
    async kill(signal = 'SIGKILL') {
      if (dead) return;
      child.kill(signal);
      await exited;
    },
    async end() {
      child.stdin.end();
      return (await exited).code;
    },
  };
}
