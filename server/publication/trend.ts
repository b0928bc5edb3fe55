import type { Localized } from '../i18n.js';
import { isSignificant } from '../indicators/margin.js';
import { lastPeriods } from '../indicators/periods.js';
import type { PublicBody } from './figures.js';
import type { PublicPeriod } from './period.js';

// The trend of a public page: the scope's public figures for the last periods of the same kind, each
// read through the same function as the public API for that period (so each row equals what the API
// answers for it, and no difference of rows says more than the rows themselves).

const PUBLIC_TREND_PERIODS = 8;

/** The periods of the trend, oldest first, none ending before the first response (`first`, a local date; null: none). */
export function trendPeriods(period: PublicPeriod, first: string | null): PublicPeriod[] {
  return lastPeriods(period, PUBLIC_TREND_PERIODS)
    .filter((p) => p.label === period.label || (first !== null && p.to >= first))
    .map((p) => ({ ...p, kind: period.kind }));
}

/** The trend rows, newest first: period in words, respondents, IKM, grade, and the change with its significance. */
export function trendRows(points: ReadonlyArray<{ period: PublicPeriod; body: PublicBody }>, l: Localized) {
  const { t, num } = l;
  const rows = points.map(({ period, body }, i) => {
    const published = body.publication.status === 'published' && body.ikm !== null;
    const prev = i > 0 ? points[i - 1]?.body : undefined;
    let change: string | null = null;
    if (published && prev && prev.publication.status === 'published' && prev.ikm !== null && body.ikm !== null) {
      const delta = body.ikm - prev.ikm;
      const significant = isSignificant(delta, body.margin, prev.margin);
      const shown = num(Math.abs(delta));
      const words = shown === num(0) ? t('public.trend.same') : t(delta > 0 ? 'public.trend.up' : 'public.trend.down', { delta: shown });
      change = significant === null ? words : `${words} (${t(significant ? 'public.trend.significant' : 'public.trend.not_significant')})`;
    }
    return {
      code: period.label,
      period: l.period(period.from, period.to),
      n: published ? t('public.respondents', { n: num(body.n, 0) }) : null,
      ikm: published ? { data: (body.ikm as number).toFixed(4), text: num(body.ikm) } : null,
      grade: published ? body.grade : null,
      change,
    };
  });
  return rows.reverse();
}
