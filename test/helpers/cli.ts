import { spawnSync } from 'node:child_process';
import { BIN } from './server.js';

/** Runs the compiled CLI to completion; stdin is closed, as in CI. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd, encoding: 'utf8', input: '', timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
