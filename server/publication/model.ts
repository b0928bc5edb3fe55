import type { Database } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { publicationsOfPeriod, republicationsOf, type PublicationScope } from '../data/publications.js';
import { languageLinks, type Localized } from '../i18n.js';
import { computePublicResults, monthsOf } from '../results/public.js';
import type { Scope } from '../results/scope.js';
import { scopeName } from '../results/scope.js';
import { resultsUrl } from '../urls.js';
import { elementsOf, groupsOf, headlineOf, type PublicBody } from './figures.js';
import { publicationWords, republicationWords } from './log-words.js';
import { methodOf } from './method.js';
import { scopeNav } from './nav.js';
import { pickablePeriods, type PublicPeriod } from './period.js';
import { trendPeriods, trendRows } from './trend.js';

// The model of a public results page (/results, /results/units/:code, /results/services/:code).
// Every figure is the public API's (computePublicResults, the same function and the same frozen
// months); this module only puts them into words and links.

/** One follow-up action as the public sees it: the responsible unit or role, never a person. */
export interface PublicAction {
  element: string;
  activity: string;
  responsible: string;
  /** planned quarter, in words */
  quarter: string;
  /** planned / in progress / done / dropped, in words */
  status: string;
  /** done date in words, when done */
  done: string | null;
  /** what it achieved: the element's score before and after, in words (or that it waits for data) */
  effect: string | null;
  evidenceUrl: string | null;
}

/** Reads a scope's published follow-up actions for a period; null when no plan is published. */
export type FollowUpReader = (
  scope: Scope,
  period: PublicPeriod,
  l: Localized,
  at: { k: number; now: Date; timeZone: string },
) => Promise<PublicAction[] | null>;

export interface PageInput {
  store: Database;
  scope: Scope;
  period: PublicPeriod;
  k: number;
  timeZone: string;
  now: Date;
  /** the local date of the first response (null: none): no period before it is offered */
  firstDate: string | null;
  l: Localized;
  followUp?: FollowUpReader;
  /** PUBLIC_URL (config.publicUrl) when set: the canonical, hreflang and og:url links are absolute; null: relative */
  publicUrl?: string | null;
}

const read = (i: PageInput, period: PublicPeriod): Promise<PublicBody> =>
  computePublicResults(i.store, i.scope, period, { lang: i.l.lang, k: i.k, now: i.now });

export async function publicPageModel(i: PageInput) {
  const { l, scope, period } = i;
  const { t } = l;
  const body = await read(i, period);
  const points = [];
  for (const p of trendPeriods(period, i.firstDate)) points.push({ period: p, body: p.label === period.label ? body : await read(i, p) });

  const names = new Map((await elementTexts(i.store, l.lang)).map((e) => [e.code, e.name]));
  // the agency's log is kept on its root unit (scope.unitId); a service's on the service
  const logScope: PublicationScope = 'serviceId' in scope.owner ? { serviceId: scope.owner.serviceId } : { unitId: scope.unitId };
  const months = monthsOf(period);
  const name = scopeName(scope, l.lang);
  const periodWords = l.period(period.from, period.to);
  const headline = headlineOf(body, l);
  const nav = await scopeNav(i.store, scope, l.lang, period.label);
  const target = scope.kind === 'agency' ? ({ kind: 'agency' } as const) : ({ kind: scope.kind, code: scope.code } as const);
  const figuresByCode = new Map(body.services.map((s) => [s.code, s]));

  const summary = headline.published
    ? t('public.summary', { scope: name, period: periodWords, ikm: headline.ikm.text, grade: headline.grade, words: headline.gradeWords, n: headline.n.text })
    : t('public.summary_too_few', { scope: name, period: periodWords });

  return {
    title: t('public.title', { scope: name, period: periodWords }),
    description: summary,
    canonical: absolute(i.publicUrl, resultsUrl(target, { period: period.label, lang: l.lang })),
    // the <link rel=alternate hreflang> of each language (absolute like the canonical; the visible language links stay relative)
    alternates: languageLinks(resultsUrl(target), l.lang, { period: period.label }).map((x) => ({ lang: x.lang, href: absolute(i.publicUrl, x.href) })),
    k: body.min_group_size,
    about: { kind: scope.kind, name, code: scope.code, kindText: t(`public.kind.${scope.kind}`) },
    period: { code: period.label, words: periodWords },
    headline,
    snapshot: body.publication.snapshot?.first ? l.date(body.publication.snapshot.first) : null,
    elements: elementsOf(body, names, l),
    // the published services below, grouped by their unit, with the figures the API gives for each
    serviceGroups: groupByUnit(
      nav.services.map((s) => {
        const f = figuresByCode.get(s.code);
        return {
          name: s.name,
          unit: s.unit,
          href: s.href,
          n: f ? t('public.respondents', { n: l.num(f.n, 0) }) : null,
          ikm: f ? l.num(f.ikm) : null,
          grade: f?.grade ?? null,
        };
      }),
    ),
    units: nav.units,
    up: nav.up,
    groups: groupsOf(body, l),
    trend: trendRows(points, l),
    followUp: i.followUp ? await i.followUp(scope, period, l, { k: i.k, now: i.now, timeZone: i.timeZone }) : null,
    publications: (await publicationsOfPeriod(i.store, logScope, period.label)).map((p) => publicationWords(p, l)),
    republications: (await republicationsOf(i.store, months[0] as string, months[months.length - 1] as string)).map((r) =>
      republicationWords(r, l, i.timeZone),
    ),
    method: methodOf(body, l),
    picker: pickerOf(i, target),
    languages: languageLinks(resultsUrl(target), l.lang, { period: period.label }),
  };
}

/** A site path under PUBLIC_URL when it is set (it may carry a path prefix); the path itself otherwise. */
const absolute = (base: string | null | undefined, path: string): string => (base ? `${base}${path}` : path);

export type PublicPageModel = Awaited<ReturnType<typeof publicPageModel>>;

/** The period picker: a GET form of the same page (works without script), completed periods grouped by kind. */
function pickerOf(i: PageInput, target: Parameters<typeof resultsUrl>[0]) {
  const all = pickablePeriods(i.timeZone, i.now, i.firstDate);
  return {
    action: resultsUrl(target),
    groups: (['quarter', 'semester', 'year', 'month'] as const)
      .map((kind) => ({
        label: i.l.t(`public.picker.${kind}`),
        options: all[kind].map((p) => ({ value: p.label, label: i.l.period(p.from, p.to), selected: p.label === i.period.label })),
      }))
      .filter((g) => g.options.length > 0),
  };
}

function groupByUnit<S extends { unit: string }>(services: readonly S[]): Array<{ unit: string; services: S[] }> {
  const out: Array<{ unit: string; services: S[] }> = [];
  for (const s of services) {
    const last = out[out.length - 1];
    if (last && last.unit === s.unit) last.services.push(s);
    else out.push({ unit: s.unit, services: [s] });
  }
  return out;
}
