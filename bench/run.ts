// `npm run bench`: runs every scenario file in one process and prints one markdown table of ratios.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, type BenchRow } from './lib.js';

const SCENARIOS = ['foundation', 'files', 'sql', 'command', 'audit', 'reliability', 'http'];
const only = process.argv.slice(2);
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

const lines = [
  `mcp-warden bench, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  '',
  '| scenario | mcp-warden | baseline | ratio | target | baseline is |',
  '|---|---|---|---|---|---|',
];
for (const name of SCENARIOS.filter((s) => !only.length || only.includes(s))) {
  const file = path.join(REPO, 'bench', `${name}.ts`);
  if (!fs.existsSync(file)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const rows: BenchRow[] = await (await import(file)).default();
  for (const r of rows) {
    const ratio = r.reference > 0 ? `${(r.ours / r.reference).toFixed(2)}×` : 'n/a';
    lines.push(`| ${r.scenario} | ${fmt(r.ours)} ${r.unit} | ${fmt(r.reference)} ${r.unit} | ${ratio} | ${r.target ?? ''} | ${r.baseline ?? ''} |`);
  }
}
console.log(lines.join('\n'));
