import { SEVERITIES } from '../model/index.js';
import type { OpenCounts } from '../store/types.js';

/** The severity colours of the report's pills, so the chart reads like the counts above it. */
const COLORS = {
  critical: '#8b1a1a',
  high: '#d94a4a',
  medium: '#e8903c',
  low: '#3c8fd9',
  info: '#7a8591',
} as const;

const WIDTH = 600;
const HEIGHT = 160;
const PAD = 24;

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Open threats by severity per scan, oldest on the left, as stacked bars in inline SVG: drawn here, so the page
 * needs no script for it and the same history gives the same markup.
 */
export function trendSvg(points: readonly OpenCounts[]): string {
  const totals = points.map((p) => SEVERITIES.reduce((n, s) => n + p.open[s], 0));
  const max = Math.max(1, ...totals);
  const slot = (WIDTH - 2 * PAD) / Math.max(1, points.length);
  const bar = Math.max(2, Math.min(40, slot * 0.7));
  const scale = (HEIGHT - 2 * PAD) / max;
  const bars = points.map((p, i) => {
    let y = HEIGHT - PAD;
    const x = PAD + i * slot + (slot - bar) / 2;
    const rects = SEVERITIES.filter((s) => p.open[s] > 0).map((s) => {
      const h = p.open[s] * scale;
      y -= h;
      return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[s]}"></rect>`;
    });
    const label = `${p.scanId} ${p.time}: ${SEVERITIES.map((s) => `${p.open[s]} ${s}`).join(', ')}`;
    return `<g data-scan="${escape(p.scanId)}" data-open="${totals[i] ?? 0}"><title>${escape(label)}</title>${rects.join('')}</g>`;
  });
  return `<svg id="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Open threats by severity over the last ${points.length} scans"><line x1="${PAD}" y1="${HEIGHT - PAD}" x2="${WIDTH - PAD}" y2="${HEIGHT - PAD}" stroke="#d9dee7"></line><text x="${PAD}" y="${PAD - 8}" font-size="11" fill="#5b6475">max ${max} open</text>${bars.join('')}</svg>`;
}
