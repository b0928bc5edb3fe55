import { GRADE_THRESHOLDS } from '../indicators/skm.js';

/** Grade band lower bounds (25–100 scale): C, B, A. static/js/charts.js colours bars and bands by them. */
const BANDS = [GRADE_THRESHOLDS.C, GRADE_THRESHOLDS.B, GRADE_THRESHOLDS.A];

/** Horizontal bars on the 25–100 scale, each coloured by its grade, the bands explained beside the chart. */
export function gradeBars(
  labels: string[],
  label: string,
  data: Array<number | null>,
  extra: Array<{ label: string; data: Array<number | null>; kind: 'target' }> = [],
) {
  return { type: 'bar', horizontal: true, gradeColours: true, min: 25, max: 100, bands: BANDS, labels, datasets: [{ label, data }, ...extra] };
}

/** IKM per period with its margin as a band (upper and lower edges), on an axis fitted to the figures. */
export function trendChart(
  labels: string[],
  label: string,
  bandLabel: string,
  ikm: Array<number | null>,
  margin: Array<number | null>,
  target: number | null,
  targetLabel: string,
) {
  const upper = ikm.map((v, i) => (v === null ? null : v + (margin[i] ?? 0)));
  const lower = ikm.map((v, i) => (v === null ? null : v - (margin[i] ?? 0)));
  const all = [...upper, ...lower, target].filter((x): x is number => x !== null);
  const min = all.length ? Math.max(25, Math.floor((Math.min(...all) - 2) / 5) * 5) : 25;
  const max = all.length ? Math.min(100, Math.ceil((Math.max(...all) + 2) / 5) * 5) : 100;
  return {
    type: 'line',
    min,
    max,
    bands: BANDS,
    labels,
    datasets: [
      { label, data: ikm },
      { label: bandLabel, data: upper, band: 'upper' },
      { label: bandLabel, data: lower, band: 'lower' },
      ...(target === null ? [] : [{ label: targetLabel, data: ikm.map(() => target), kind: 'target' }]),
    ],
  };
}

/** Groups as their difference from the scope's IKM, each with its margin (a diverging bar with whiskers). */
export function diffChart(labels: string[], label: string, diff: Array<number | null>, margin: Array<number | null>) {
  const reach = Math.max(5, ...diff.map((d, i) => (d === null ? 0 : Math.abs(d) + (margin[i] ?? 0))));
  const edge = Math.ceil(reach / 5) * 5;
  return { type: 'diff', horizontal: true, min: -edge, max: edge, labels, datasets: [{ label, data: diff, errors: margin }] };
}

/** A chart ready for views/partials/figure.ejs: the canvas id, its spec as JSON (EJS escapes it), its box's class. */
export function figure(id: string, chart: object, opts: { tall?: boolean } = {}) {
  return { id: `chart-${id}`, json: JSON.stringify(chart), cls: opts.tall ? 'chart tall' : 'chart' };
}
