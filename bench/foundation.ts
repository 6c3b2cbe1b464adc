import path from 'node:path';
import { benchConfig, coldStartSideBySide, connect, sideBySide, wardenCommand, REPO, type BenchRow } from './lib.js';

const echo = { command: process.execPath, args: [path.join(REPO, 'bench', 'echo-server.mjs')] };

/** Cold start and a trivial call through the whole pipeline (audit on) vs a bare SDK echo server. */
export default async function run(): Promise<BenchRow[]> {
  const config = benchConfig({ filesystem: { roots: [{ path: REPO, access: 'read' }] } });
  const ours = wardenCommand(config);
  const start = await coldStartSideBySide(ours, echo);
  const rows: BenchRow[] = [{
    scenario: 'cold start → tools/list', ours: start.a, reference: start.b,
    unit: 'ms', baseline: 'SDK echo server', target: '≤ 1.2×',
  }];
  const [a, b] = [await connect(ours), await connect(echo)];
  const trip = await sideBySide({ client: a, name: 'list_allowed_directories', args: {} }, { client: b, name: 'echo', args: { text: 'x' } }, 1000);
  rows.push({
    scenario: 'trivial tool round trip (full pipeline, audit on)', ours: trip.a, reference: trip.b,
    unit: 'µs', baseline: 'SDK echo server', target: '≤ 1.3×',
  });
  await Promise.all([a.close(), b.close()]);
  return rows;
}
