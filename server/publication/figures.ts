import type { Localized } from '../i18n.js';
import { groupLabel } from '../dashboard/filters.js';
import { round2 } from '../indicators/rounding.js';
import type { computePublicResults } from '../results/public.js';
import { PUBLIC_DIMENSIONS } from '../results/disclosure.js';

// The figures of a public results page, shaped from the public API's own body (computePublicResults):
// nothing here computes a figure, so the page and the API cannot disagree.

export type PublicBody = Awaited<ReturnType<typeof computePublicResults>>;

/** "80.90": two decimals as graded (half up on the decimal value), the machine-readable value of a hook. */
const twoDecimals = (x: number): string => round2(x).toFixed(2);

export function headlineOf(body: PublicBody, l: Localized) {
  const { t, num } = l;
  if (body.publication.status !== 'published' || body.ikm === null || body.n === null) {
    return { published: false as const, tooFew: t('public.too_few', { k: body.min_group_size }) };
  }
  const s = body.sample;
  return {
    published: true as const,
    ikm: { data: twoDecimals(body.ikm), text: num(body.ikm) },
    ikm14: num(body.ikm_1_4),
    grade: body.grade,
    gradeWords: body.grade ? t(`grades.${body.grade}`) : '',
    margin: body.margin === null ? null : num(body.margin),
    n: { data: String(body.n), text: t('public.respondents', { n: num(body.n, 0), count: body.n }) },
    sample:
      s.required === null || s.population === null
        ? t('public.sample_unknown')
        : t(s.adequate ? 'public.sample_ok' : 'public.sample_short', { required: num(s.required, 0), population: num(s.population, 0) }),
    sampleOk: s.adequate,
  };
}

/** Each element: its name, NRR (the hook's value) and score, grade; in the agency's display order. */
export function elementsOf(body: PublicBody, names: ReadonlyMap<string, string>, l: Localized) {
  if (body.publication.status !== 'published') return [];
  const order = [...names.keys()];
  return [...body.elements]
    .sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code))
    .map((e) => ({
      code: e.code,
      name: names.get(e.code) ?? e.code,
      nrr: e.nrr === null ? null : { data: twoDecimals(e.nrr), text: l.num(e.nrr) },
      score: l.num(e.score),
      grade: e.grade,
      priority: body.priority.some((p) => p.code === e.code),
    }));
}

interface GroupRow {
  group: string;
  n: number | null;
  share: number | null;
  ikm: number | null;
  grade: string | null;
  withheld: string | null;
}

/** Who answered: per dimension, the groups shown (reach; an IKM only where disclosure control gives one) and how many are held back. */
export function groupsOf(body: PublicBody, l: Localized) {
  const { t } = l;
  const groups = body.groups as Record<string, GroupRow[] | undefined>;
  return PUBLIC_DIMENSIONS.filter((d) => (groups[d]?.length ?? 0) > 0).map((d) => {
    const rows = groups[d] as GroupRow[];
    const shown = rows.filter((r) => r.n !== null && r.n > 0);
    const hidden = rows.filter((r) => r.n === null).length;
    return {
      dimension: d,
      label: d === 'channel' ? t('public.groups.channel') : t(`profile.${d}.label`),
      withIkm: body.publication.group_ikm === 'shown',
      rows: shown.map((r) => ({
        group: r.group,
        label: groupLabel(t, d, r.group),
        n: l.num(r.n, 0),
        share: l.pct(r.share),
        ikm: r.ikm === null ? null : l.num(r.ikm),
        grade: r.grade,
      })),
      hidden: hidden > 0 ? t('public.groups.hidden', { count: hidden, k: body.min_group_size }) : null,
    };
  });
}
