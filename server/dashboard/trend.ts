import type { Queryable } from '../data/engine/index.js';
import type { Localized } from '../i18n.js';
import type { ElementCode } from '../indicators/types.js';
import type { ResultsQuery } from '../results/compute.js';
import { isRough } from '../results/k-rule.js';
import type { Scope } from '../results/scope.js';
import { trendRows } from '../results/trend.js';
import { roughMark, signed } from './words.js';

/** The trend table's rows (periods in words, IKM, margin, change with its significance, each element) and the chart's series. */
export async function trendModel(
  store: Queryable,
  scope: Scope,
  q: ResultsQuery,
  label: string,
  opts: { l: Localized; k: number; today: string; elementOrder: ElementCode[] },
) {
  const { l } = opts;
  const { t, num } = l;
  const points = await trendRows(store, scope, q, label, opts.k);
  const rows = points.map((p) => ({
    code: p.period.label,
    label: l.period(p.period.from, p.period.to, opts.today),
    n: p.n === null ? '–' : num(p.n, 0),
    rough: roughMark(l, isRough(p.n)),
    ikmText: p.ikm.value === null ? '–' : num(p.ikm.value),
    marginText: p.margin === null ? '–' : `± ${num(p.margin)}`,
    change: p.ikm.delta === null ? '–' : signed(l, p.ikm.delta),
    changeNote: p.ikm.significant === null ? '' : t(p.ikm.significant ? 'dashboard.trend.significant' : 'dashboard.trend.not_significant'),
    elements: opts.elementOrder.map((code) => {
      const c = p.elements[code];
      return { text: c.value === null ? '–' : num(c.value * 25), mark: c.significant ? (c.delta !== null && c.delta > 0 ? '▲' : '▼') : '' };
    }),
  }));
  return { rows, values: points.map((p) => p.ikm.value), margins: points.map((p) => p.margin) };
}
