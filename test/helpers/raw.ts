import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN } from './server.js';
import { tempDir } from './temp.js';
import { trackChild } from './children.js';

/** A server driven line by line, for what the SDK client would never send. */
export function rawServer(config: Record<string, any>) {
  const dir = tempDir();
  const configPath = path.join(dir, 'mcp-warden.json');
  fs.writeFileSync(configPath, JSON.stringify({ audit: { path: path.join(dir, 'audit.db') }, ...config }));
  const child = spawn(process.execPath, [BIN, 'serve', '--config', configPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  trackChild(child.pid, child);
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (c) => { stdout += c; waiters.splice(0).forEach((w) => w()); });
  child.stderr.on('data', (c) => { stderr += c; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const messages = () => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return {
    dir, child, exited, messages,
    stdout: () => stdout,
    stderr: () => stderr,
    send: (line: string | object) => child.stdin.write(`${typeof line === 'string' ? line : JSON.stringify(line)}\n`),
    /** Waits until a message with this id has arrived. */
    async reply(id: number | string | null, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages().find((m) => m.id === id);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no reply with id ${id}; stdout: ${stdout.slice(0, 500)}`);
        await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 100); });
      }
    },
  };
}

export const INITIALIZE = {
  jsonrpc: '2.0', id: 0, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
export const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };
