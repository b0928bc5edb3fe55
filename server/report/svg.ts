/**
 * Server-side bar charts as inline SVG (sharp in print, no script, no canvas): one bar per row on
 * the 25-100 scale, with the grade bands' lines at 65, 76.61 and 88.31. The numbers also stand in a
 * table beside each chart, so the SVG is decorative for assistive technology (aria-hidden).
 */
import { GRADE_THRESHOLDS } from '../indicators/skm.js';

export interface Bar {
  label: string;
  value: number | null;
  text: string;
}

const W = 640;
const LABEL = 280;
const ROW = 26;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const x = (v: number) => LABEL + ((Math.min(100, Math.max(25, v)) - 25) / 75) * (W - LABEL - 60);

/** The SVG markup of horizontal bars on the 25-100 scale (strings escaped here; the view prints it raw). */
export function barChart(bars: readonly Bar[], fmt: (v: number) => string): string {
  const h = bars.length * ROW + 24;
  const lines = [GRADE_THRESHOLDS.C, GRADE_THRESHOLDS.B, GRADE_THRESHOLDS.A]
    .map((v) => `<line x1="${x(v).toFixed(1)}" y1="0" x2="${x(v).toFixed(1)}" y2="${h - 18}" stroke="#8a949e" stroke-dasharray="3 3"/>`)
    .join('');
  const ticks = [25, 50, 65, 75, 88.31, 100]
    .map((v) => `<text x="${x(v).toFixed(1)}" y="${h - 4}" font-size="10" text-anchor="middle" fill="#3d4650">${esc(fmt(v))}</text>`)
    .join('');
  const rows = bars
    .map((b, i) => {
      const y = i * ROW + 4;
      const label = b.label.length > 40 ? `${b.label.slice(0, 39)}…` : b.label;
      const bar = b.value === null ? '' : `<rect x="${LABEL}" y="${y}" width="${(x(b.value) - LABEL).toFixed(1)}" height="${ROW - 8}" fill="#0b57a4"/>`;
      const textX = b.value === null ? LABEL + 4 : x(b.value) + 4;
      return `<text x="${LABEL - 6}" y="${y + 13}" font-size="11" text-anchor="end" fill="#1b1f24">${esc(label)}</text>${bar}<text x="${textX.toFixed(1)}" y="${y + 13}" font-size="12" fill="#1b1f24">${esc(b.text)}</text>`;
    })
    .join('');
  return `<svg class="bars" viewBox="0 0 ${W} ${h}" width="100%" role="presentation" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">${lines}${rows}${ticks}</svg>`;
}
