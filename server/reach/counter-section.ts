import type { Officer } from '../auth/index.js';
import type { Queryable } from '../data/engine/index.js';
import type { Localized } from '../i18n.js';
import { gradeModel } from '../dashboard/words.js';
import { counterFigures } from '../results/counters.js';
import type { Scope } from '../results/scope.js';
import { reachUrls } from '../urls.js';

// The counters section of a service dashboard (views/dashboard/_counters.ejs): responses and IKM per
// counter link and kiosk for the period shown, and the link to the reach page for those who manage
// the service. Officers only: counters are never published.

export async function counterSection(q: Queryable, scope: Scope, period: { from: string; to: string } | null, l: Localized, k: number, officer: Officer) {
  if (scope.kind !== 'service' || !scope.serviceIds?.length) return null;
  const editor = officer.role === 'admin' || officer.role === 'manager';
  const reachHref = editor ? reachUrls.page(scope.code, l.lang) : null;
  if (!period) return { reachHref, rows: [], other: null, hint: '' };
  const figures = await counterFigures(q, scope.serviceIds[0] as number, period.from, period.to, k);
  const { t, num, pct } = l;
  return {
    reachHref,
    hint: t('reach.dashboard.hint', { k }),
    rows: figures.rows
      .filter((r) => r.n > 0 || r.state === 'active')
      .map((r) => ({
        id: r.counterId,
        place: r.place,
        kind: t(`reach.dashboard.kind_${r.kind}`),
        ended: r.state === 'active' ? null : t(`reach.state.${r.state}`),
        n: num(r.n, 0),
        share: r.share === null ? '–' : pct(r.share),
        ikm: r.n === 0 ? '–' : r.hidden ? t('reach.dashboard.fewer_than_k', { k }) : num(r.ikm),
        grade: r.hidden ? null : gradeModel(l, r.grade),
      })),
    other: { n: num(figures.other.n, 0), share: figures.other.share === null ? '–' : pct(figures.other.share) },
  };
}
