// Sizes of the fuzz and reliability tests: small in `npm test`, large with WARDEN_LONG_TESTS=1.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { tempDir } from './temp.js';

/** True when the long variants were asked for (README: "Long reliability runs"). */
export const LONG = process.env.WARDEN_LONG_TESTS === '1';

/** The short size in `npm test`, the long one behind WARDEN_LONG_TESTS=1. */
export const size = (short: number, long: number): number => (LONG ? long : short);

/** fast-check parameters: a new seed each run (printed on failure); FC_SEED=N replays one. */
export function fcParams(short: number, long: number) {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  return { numRuns: size(short, long), ...(seed === undefined ? {} : { seed }) };
}

/** Resident set size of a process in bytes, from /proc (Linux) or ps. */
export function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    if (kb) return Number(kb[1]) * 1024;
  } catch { /* not Linux */ }
  throw new Error(`cannot read the RSS of ${pid}`);
}

/** A temp folder with a workspace, a config written for it and the audit file beside it. */
export function workspace(config: (ws: string, dir: string) => Record<string, unknown>, prefix = 'warden-rel-') {
  const dir = tempDir(prefix);
  const ws = path.join(dir, 'ws');
  fs.mkdirSync(ws);
  const auditPath = path.join(dir, 'audit.db');
  const configPath = path.join(dir, 'mcp-warden.json');
  fs.writeFileSync(configPath, JSON.stringify({ audit: { path: auditPath }, log: { level: 'warn' }, ...config(ws, dir) }, null, 2));
  return { dir, ws, auditPath, configPath, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Limits that never refuse, for tests that measure something else than the throttle. */
export const NO_RATE_LIMIT = {
  default: { capacity: 1e9, refillPerSecond: 1e9 },
  total: { capacity: 1e9, refillPerSecond: 1e9 },
};

/** fc.assert that also prints the failing assertion's own message (node:test shows only the first). */
export async function fcAssert<Ts>(property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>, params: fc.Parameters<Ts>): Promise<void> {
  const details = await fc.check(property, params);
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details)}\nFailure: ${cause}`);
  }
}
