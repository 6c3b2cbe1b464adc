import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { trackChild } from './children.js';
import { tempDir } from './temp.js';
import { ElicitRequestSchema, type CallToolResult, type ClientCapabilities, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO, 'bin', 'mcp-warden.js');

export interface StartOptions {
  env?: Record<string, string>;
  clientCapabilities?: ClientCapabilities;
  /** Answers elicitation requests (declare `elicitation` in clientCapabilities too). */
  onElicit?: (message: string) => Promise<ElicitResult> | ElicitResult;
  /** Use this folder instead of a new temp dir. */
  dir?: string;
}

export interface RunningServer {
  client: Client;
  dir: string;
  configPath: string;
  auditPath: string;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  stderr(): string;
  close(): Promise<void>;
}

/** Writes the config into a temp dir and starts the compiled server over real stdio. */
export async function startServer(config: Record<string, any>, options: StartOptions = {}): Promise<RunningServer> {
  const dir = options.dir ?? tempDir();
  const auditPath = path.join(dir, 'audit.db');
  const full = { ...config, audit: { path: auditPath, ...(config.audit ?? {}) } };
  const configPath = path.join(dir, 'mcp-warden.json');
  fs.writeFileSync(configPath, JSON.stringify(full, null, 2));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'serve', '--config', configPath],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dir, ...options.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => { stderr += chunk; });
  const client = new Client({ name: 'warden-test', version: '1.0.0' }, { capabilities: options.clientCapabilities ?? {} });
  if (options.onElicit) {
    const answer = options.onElicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) => answer(request.params.message));
  }
  await client.connect(transport);
  trackChild(transport.pid);
  return {
    client, dir, configPath, auditPath: full.audit.path,
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    stderr: () => stderr,
    close: () => client.close(),
  };
}

/** The structured refusal of an `isError` result, or undefined. */
export function refusalOf(result: CallToolResult): { code: string; message: string; [k: string]: unknown } | undefined {
  return result.isError ? (result.structuredContent as any)?.error : undefined;
}
