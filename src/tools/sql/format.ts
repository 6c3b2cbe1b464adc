import type { Cell } from './values.js';

const MAX_CELL = 200;

/** A compact text table for the agent: header, one line per row, cells clipped. */
export function textTable(columns: string[], rows: Cell[][], truncated: boolean): string {
  const lines = [columns.join(' | ')];
  for (const row of rows) lines.push(row.map(cellText).join(' | '));
  const count = `(${rows.length} row${rows.length === 1 ? '' : 's'}${truncated ? ', truncated: more rows exist or the byte cap was reached' : ''})`;
  return columns.length ? `${lines.join('\n')}\n${count}` : count;
}

function cellText(cell: Cell): string {
  if (cell === null) return 'NULL';
  if (typeof cell === 'object') return `<blob ${Math.floor((cell.base64.length * 3) / 4)} bytes>`;
  const text = String(cell).replace(/\r?\n/g, '\\n').replace(/\|/g, '\\|');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
}
