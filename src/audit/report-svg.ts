import { forPeople } from '../text/for-people.js';
import { escapeHtml } from './report-escape.js';

export interface Bar {
  label: string;
  /** Stacked segments, drawn left to right (or bottom to top) in this order. */
  parts: Array<{ value: number; className: string; name: string }>;
}

// A chart label is cut short with a bare ellipsis; escapes are rendered first, so the cut never hides one.
const clip = (text: string, max: number) => {
  const shown = forPeople(text, 200);
  return shown.length > max ? `${shown.slice(0, max - 1).replace(/[\ud800-\udbff]$/, '')}…` : shown;
};
const total = (b: Bar) => b.parts.reduce((s, p) => s + p.value, 0);

/** Horizontal stacked bars with a label and total per row: calls per tool, per decision. */
export function horizontalBars(title: string, bars: Bar[], width = 520): string {
  const rowH = 22;
  const labelW = 190;
  const max = Math.max(1, ...bars.map(total));
  const scale = (width - labelW - 60) / max;
  const rows = bars.map((bar, i) => {
    const y = i * rowH;
    let x = labelW;
    const segments = bar.parts.filter((p) => p.value > 0).map((p) => {
      const w = Math.max(1, p.value * scale);
      const rect = `<rect class="${p.className}" x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}"><title>${escapeHtml(`${bar.label}: ${p.value} ${p.name}`)}</title></rect>`;
      x += w;
      return rect;
    }).join('');
    return `<text class="label" x="${labelW - 6}" y="${y + rowH / 2 + 4}" text-anchor="end">${escapeHtml(clip(bar.label, 28))}</text>${segments}`
      + `<text class="value" x="${(x + 4).toFixed(1)}" y="${y + rowH / 2 + 4}">${total(bar)}</text>`;
  }).join('');
  const height = Math.max(rowH, bars.length * rowH);
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows}</svg>`;
}

/** Vertical stacked bars over time buckets, first and last time under the axis. */
export function timelineBars(title: string, bars: Bar[], first: string, last: string, width = 1060, height = 140): string {
  if (!bars.length) return '<p class="empty">No calls in this period.</p>';
  const chartH = height - 22;
  const max = Math.max(1, ...bars.map(total));
  const slot = width / bars.length;
  const body = bars.map((bar, i) => {
    let y = chartH;
    return bar.parts.filter((p) => p.value > 0).map((p) => {
      const h = Math.max(1, (p.value / max) * (chartH - 4));
      y -= h;
      return `<rect class="${p.className}" x="${(i * slot + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, slot - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeHtml(`${bar.label}: ${p.value} ${p.name}`)}</title></rect>`;
    }).join('');
  }).join('');
  const axis = `<line class="axis" x1="0" y1="${chartH}" x2="${width}" y2="${chartH}"/>`
    + `<text class="label" x="0" y="${height - 6}">${escapeHtml(first)}</text>`
    + `<text class="label" x="${width}" y="${height - 6}" text-anchor="end">${escapeHtml(last)}</text>`
    + `<text class="label" x="${width}" y="12" text-anchor="end">${max} calls per bar at most</text>`;
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="100%" height="${height}" preserveAspectRatio="none">${body}${axis}</svg>`;
}
