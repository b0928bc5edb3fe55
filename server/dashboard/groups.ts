import type { Localized } from '../i18n.js';
import type { computeResults } from '../results/compute.js';
import { isRough } from '../results/k-rule.js';
import { DIMENSION_NAMES } from '../vocabulary/profile.js';
import { diffChart, figure } from './charts.js';
import { groupLabel } from './filters.js';
import { gradeModel, roughMark, signed } from './words.js';

type Results = Awaited<ReturnType<typeof computeResults>>;

interface Inclusion {
  target_profile: Record<string, number> | null;
  representation: number | null;
  under_represented: Array<{ group: string; target: number; observed: number | null }>;
  equity_gap: number | null;
  equity_ratio: number | null;
}

/**
 * "Who is less satisfied": per profile dimension (and channel) its groups with IKM, difference from the
 * scope's IKM, respondents, share and target share, rough groups marked, the representation and equity
 * gap in words, and the groups as a diverging chart; then the vulnerable groups against everyone else.
 */
export function groupsModel(results: Results, l: Localized) {
  const { t, num, pct } = l;
  const overall = results.ikm;
  const hidden = t('dashboard.suppressed', { k: results.min_group_size });
  const dimensions = [...DIMENSION_NAMES, 'channel' as const].map((dim) => {
    const inclusion = (results.inclusiveness[dim] ?? null) as Inclusion | null;
    const groups = (results.groups[dim] ?? []).map((g) => {
      const diff = g.ikm === null || overall === null ? null : g.ikm - overall;
      return {
        group: g.group,
        label: groupLabel(t, dim, g.group),
        /** the label with a break allowed after each slash ("Pelajar/Mahasiswa"), so a phone's table fits */
        cellLabel: groupLabel(t, dim, g.group).replace(/\//g, '/\u200b'),
        suppressed: g.suppressed,
        n: g.suppressed ? hidden : num(g.n, 0),
        share: pct(g.share),
        target: inclusion?.target_profile?.[g.group] === undefined ? '–' : pct(inclusion.target_profile[g.group]),
        ikmText: g.suppressed ? '–' : num(g.ikm),
        grade: gradeModel(l, g.grade),
        diff,
        diffText: signed(l, diff),
        margin: g.margin,
        rough: roughMark(l, isRough(g.n)),
      };
    });
    const charted = groups.filter((g) => g.diff !== null);
    const under = (inclusion?.under_represented ?? []).map((u) => groups.find((g) => g.group === u.group)?.label ?? u.group);
    return {
      dim,
      headingId: `h-dim-${dim}`,
      label: dim === 'channel' ? t('dashboard.channel') : t(`profile.${dim}.label`),
      summary: inclusion?.equity_gap != null ? t('dashboard.groups.gap_summary', { gap: num(inclusion.equity_gap) }) : t('dashboard.groups.no_gap'),
      representation: inclusion?.representation == null ? null : num(inclusion.representation),
      gap: inclusion?.equity_gap == null ? null : { gap: num(inclusion.equity_gap), ratio: num(inclusion.equity_ratio) },
      under: under.length ? under.join(', ') : null,
      groups,
      figure: charted.length
        ? figure(
            `diff-${dim}`,
            diffChart(
              charted.map((g) => g.label),
              t('dashboard.groups.diff'),
              charted.map((g) => g.diff),
              charted.map((g) => g.margin),
            ),
          )
        : null,
    };
  });

  const vulnerable = results.vulnerable
    ? (['disability', 'age65plus'] as const).map((key) => {
        const c = results.vulnerable![key];
        return {
          key,
          label: t(key === 'disability' ? 'dashboard.inclusion.with_disability' : 'dashboard.inclusion.aged_65'),
          n: c.group.suppressed ? hidden : num(c.group.n, 0),
          share: pct(c.group.share),
          ikm: num(c.group.ikm),
          rest: num(c.rest.ikm),
          rough: roughMark(l, isRough(c.group.n)),
        };
      })
    : [];
  return { dimensions, vulnerable, overall: num(overall) };
}
