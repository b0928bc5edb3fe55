/**
 * Disclosure control (spec/indicators.md "Disclosure control"): what the public may see, so that
 * no figure about fewer than k respondents can be worked out by adding and subtracting what is
 * shown. Pure: no database, no clock. The public results API and the public pages both go through
 * it; officers and API tokens do not (they keep the plain k rule).
 *
 * The rules, as applied here:
 * - Public requests name one completed whole period (month, quarter, semester, year) and take no
 *   channel or group filter (`checkPublicRequest`).
 * - Every public figure is a sum of blocks, one block being one service's responses in one month.
 *   A service counts towards a public figure only when it is published and active and each of its
 *   months in the period holds either no response or at least k. So a period minus its shown
 *   months, or a unit minus its shown services, is always a sum of such blocks: empty or >= k.
 *   (A month with 1..k-1 responses would otherwise come out as quarter minus the other months.)
 * - A scope and period with no such block publishes no figures ("too few responses to publish").
 * - Group rows carry reach (count, share) where the group holds at least k; an IKM by group only
 *   for a service and a completed quarter, after secondary suppression: within a dimension the
 *   hidden groups together hold 0 or >= k, and no shown group figure contains another shown figure
 *   of the same service and quarter (a group of another dimension, a month, the vulnerable rows)
 *   with fewer than k respondents between them. The joint profile counts of each month are what
 *   tell one group's containment in another.
 *
 * Generic over the totals type (an additive monoid with a count), so a property test can run the
 * same code on sets of respondents and check every difference an attacker could take.
 */
import type { CalendarKind, Period } from '../indicators/periods.js';
import { PUBLIC_DIMENSIONS, type MonthBlock, type PublicDimension } from '../vocabulary/publication.js';

export interface Additive<T> {
  zero(): T;
  add(a: T, b: T): T;
  n(t: T): number;
}

export { PUBLIC_DIMENSIONS, type MonthBlock, type PublicDimension };

export interface ServiceInput<T> {
  id: number;
  /** published and active */
  eligible: boolean;
  /** the blocks of the period's months that have responses */
  months: ReadonlyArray<MonthBlock<T>>;
}

export type Withheld = 'small' | 'secondary' | 'level' | null;

export interface PublicGroupRow<T> {
  group: string;
  /** the group's count, for reach indicators built on counts (representation); not for display */
  count: number;
  /** reach: null when the group holds fewer than k */
  n: number | null;
  share: number | null;
  /** the group's totals when its IKM may be shown, else null */
  totals: T | null;
  /** why the IKM is not shown: under k, hidden to protect another group, or not given at this level and period */
  withheld: Withheld;
}

export interface PublicFigures<T> {
  status: 'published' | 'too_few';
  k: number;
  total: T | null;
  /** the services whose responses make up the figures */
  services: Array<{ id: number; total: T }>;
  /** whether IKM by group is given at this level and period at all */
  groupIkm: boolean;
  groups: Record<PublicDimension, Array<PublicGroupRow<T>>>;
  vulnerable: {
    disability: { group: T | null; rest: T | null };
    age65plus: { group: T | null; rest: T | null };
  } | null;
}

export type PublicRequestError = 'filter_not_public' | 'period_not_whole' | 'period_not_complete';

/**
 * Whether a public request may be answered: one completed whole calendar period and no filters.
 * `today` is the agency's local date.
 */
export function checkPublicRequest(r: { period: Period; channel: unknown; group: unknown; today: string }): PublicRequestError | null {
  if (r.channel !== null || r.group !== null) return 'filter_not_public';
  if (r.period.kind === 'range') return 'period_not_whole';
  if (r.period.to >= r.today) return 'period_not_complete';
  return null;
}

/** IKM by group is public for one service and one completed quarter only. */
const GROUP_IKM_PERIOD: CalendarKind = 'quarter';

const okBlock = (n: number, k: number): boolean => n === 0 || n >= k;

function sumAll<T>(m: Additive<T>, xs: Iterable<T>): T {
  let s = m.zero();
  for (const x of xs) s = m.add(s, x);
  return s;
}

function emptyGroups<T>(): Record<PublicDimension, Record<string, T>> {
  return Object.fromEntries(PUBLIC_DIMENSIONS.map((d) => [d, {}])) as Record<PublicDimension, Record<string, T>>;
}

/** The public figures of one scope and one completed period. */
export function publicFigures<T>(
  m: Additive<T>,
  input: {
    kind: 'service' | 'unit' | 'agency';
    periodKind: CalendarKind;
    k: number;
    services: ReadonlyArray<ServiceInput<T>>;
    /** the groups of each dimension, in display order */
    order: Record<PublicDimension, readonly string[]>;
  },
): PublicFigures<T> {
  const { k } = input;
  const included = input.services.filter((s) => s.eligible && s.months.every((b) => okBlock(m.n(b.total), k)) && s.months.some((b) => m.n(b.total) > 0));
  const emptyRows = Object.fromEntries(PUBLIC_DIMENSIONS.map((d) => [d, []])) as unknown as PublicFigures<T>['groups'];
  if (included.length === 0) return { status: 'too_few', k, total: null, services: [], groupIkm: false, groups: emptyRows, vulnerable: null };

  const services = included.map((s) => ({
    id: s.id,
    total: sumAll(
      m,
      s.months.map((b) => b.total),
    ),
  }));
  const total = sumAll(
    m,
    services.map((s) => s.total),
  );
  const blocks = included.flatMap((s) => s.months);
  const groups = emptyGroups<T>();
  for (const b of blocks) {
    for (const d of PUBLIC_DIMENSIONS) for (const [g, t] of Object.entries(b.groups[d])) groups[d][g] = m.add(groups[d][g] ?? m.zero(), t);
  }

  const groupIkm = input.kind === 'service' && input.periodKind === GROUP_IKM_PERIOD;
  const shown = groupIkm ? visibleGroups(m, total, blocks, groups, k) : new Set<string>();
  const totalN = m.n(total);
  const rows = {} as PublicFigures<T>['groups'];
  for (const d of PUBLIC_DIMENSIONS) {
    rows[d] = input.order[d].map((g) => {
      const t = groups[d][g] ?? m.zero();
      const n = m.n(t);
      const small = n < k;
      const visible = shown.has(cell(d, g));
      return {
        group: g,
        count: n,
        n: small ? null : n,
        share: small ? null : n / totalN,
        totals: visible ? t : null,
        withheld: visible ? null : small ? 'small' : groupIkm ? 'secondary' : 'level',
      };
    });
  }

  const vulnerableRow = (d: PublicDimension, g: string) => {
    if (!shown.has(cell(d, g))) return { group: null, rest: null };
    const rest = sumAll(
      m,
      Object.entries(groups[d])
        .filter(([x]) => x !== g)
        .map(([, t]) => t),
    );
    // after secondary suppression the rest holds 0 or >= k; an empty rest is no row
    return { group: groups[d][g] as T, rest: m.n(rest) >= k ? rest : null };
  };
  const vulnerable = groupIkm ? { disability: vulnerableRow('disability', 'yes'), age65plus: vulnerableRow('age', '65plus') } : null;
  return { status: 'published', k, total, services, groupIkm, groups: rows, vulnerable };
}

const cell = (d: string, g: string): string => `${d}:${g}`;

/** The vulnerable rows: a group beside everyone else; "everyone else" is shown exactly when the group is. */
const VULNERABLE: ReadonlyArray<[PublicDimension, string]> = [
  ['disability', 'yes'],
  ['age', '65plus'],
];

/**
 * The group cells of one service and quarter whose IKM may be shown. A figure here is a set of
 * respondents; the attacker may subtract any shown figure from another that contains it, or a
 * dimension's shown groups from the total. Hides groups until no such difference holds 1..k-1.
 */
function visibleGroups<T>(
  m: Additive<T>,
  total: T,
  blocks: ReadonlyArray<MonthBlock<T>>,
  groups: Record<PublicDimension, Record<string, T>>,
  k: number,
): Set<string> {
  const nOf = new Map<string, number>();
  for (const d of PUBLIC_DIMENSIONS) for (const [g, t] of Object.entries(groups[d])) nOf.set(cell(d, g), m.n(t));
  // pairwise intersections of groups of different dimensions, from the joint counts
  const both = new Map<string, number>();
  for (const b of blocks) {
    for (const j of b.joint) {
      for (let i = 0; i < PUBLIC_DIMENSIONS.length; i++) {
        for (let l = i + 1; l < PUBLIC_DIMENSIONS.length; l++) {
          const a = PUBLIC_DIMENSIONS[i] as PublicDimension;
          const c = PUBLIC_DIMENSIONS[l] as PublicDimension;
          const key = `${cell(a, j.key[a])}|${cell(c, j.key[c])}`;
          both.set(key, (both.get(key) ?? 0) + j.n);
        }
      }
    }
  }
  const dimOf = (x: string): string => x.slice(0, x.indexOf(':'));
  const meet = (x: string, y: string): number => {
    if (dimOf(x) === dimOf(y)) return x === y ? (nOf.get(x) ?? 0) : 0;
    const [a, c] = PUBLIC_DIMENSIONS.indexOf(dimOf(x) as PublicDimension) < PUBLIC_DIMENSIONS.indexOf(dimOf(y) as PublicDimension) ? [x, y] : [y, x];
    return both.get(`${a}|${c}`) ?? 0;
  };
  const totalN = m.n(total);
  const visible = new Set([...nOf].filter(([, n]) => n >= k).map(([c]) => c));

  for (;;) {
    let changed = false;
    // 1. secondary suppression within each dimension: the hidden groups hold 0 or >= k
    for (const d of PUBLIC_DIMENSIONS) {
      const cells = Object.keys(groups[d]).map((g) => cell(d, g));
      const hiddenN = (): number => cells.filter((c) => !visible.has(c)).reduce((s, c) => s + (nOf.get(c) ?? 0), 0);
      while (hiddenN() > 0 && hiddenN() < k) {
        const next = cells.filter((c) => visible.has(c)).sort((a, b) => (nOf.get(a) ?? 0) - (nOf.get(b) ?? 0))[0];
        if (!next) break;
        visible.delete(next);
        changed = true;
      }
    }
    // 2. no shown figure lies inside another with 1..k-1 respondents between them. The figures an
    //    attacker sees for this service and quarter: the quarter's total, its months (published on
    //    their own), the shown groups and each shown vulnerable group's "everyone else".
    //    `with(g)`: how many of group cell g the figure holds.
    const figs: Array<{ id: string; n: number; owner: string | null; with: (g: string) => number; month?: string }> = [];
    figs.push({ id: 'total', n: totalN, owner: null, with: (g) => nOf.get(g) ?? 0 });
    for (const b of blocks) {
      figs.push({
        id: `month:${b.month}`,
        n: m.n(b.total),
        owner: null,
        month: b.month,
        with: (g) => m.n(b.groups[dimOf(g) as PublicDimension][g.slice(g.indexOf(':') + 1)] ?? m.zero()),
      });
    }
    for (const c of visible) figs.push({ id: c, n: nOf.get(c) ?? 0, owner: c, with: (g) => meet(c, g) });
    for (const [d, g] of VULNERABLE) {
      const base = cell(d, g);
      if (!visible.has(base)) continue;
      // everyone else = total minus the group; its overlap with another group is that group minus the overlap
      figs.push({ id: `rest:${base}`, n: totalN - (nOf.get(base) ?? 0), owner: base, with: (o) => (nOf.get(o) ?? 0) - meet(base, o) });
    }
    const inter = (x: (typeof figs)[number], y: (typeof figs)[number]): number => {
      if (x.owner === null && y.owner === null) {
        if (x.id === 'total') return y.n;
        if (y.id === 'total') return x.n;
        return x.id === y.id ? x.n : 0; // two different months are disjoint
      }
      if (x.owner !== null && !x.id.startsWith('rest:')) return y.with(x.id);
      if (y.owner !== null && !y.id.startsWith('rest:')) return x.with(y.id);
      // both are "everyone else" rows or one is and the other is the total or a month
      if (x.id.startsWith('rest:') && y.id.startsWith('rest:')) {
        // |rest_a ∩ rest_b| = total - |a| - |b| + |a ∩ b|
        const a = x.owner as string;
        const b = y.owner as string;
        return totalN - (nOf.get(a) ?? 0) - (nOf.get(b) ?? 0) + meet(a, b);
      }
      const rest = x.id.startsWith('rest:') ? x : y;
      const other = rest === x ? y : x;
      if (other.id === 'total') return rest.n;
      return other.n - other.with(rest.owner as string); // a month minus the group's part of it
    };
    let victim: string | null = null;
    outer: for (let i = 0; i < figs.length; i++) {
      for (let j = 0; j < figs.length; j++) {
        if (i === j) continue;
        const x = figs[i] as (typeof figs)[number];
        const y = figs[j] as (typeof figs)[number];
        if (y.n === 0 || y.n > x.n) continue;
        if (inter(x, y) !== y.n) continue; // y is not inside x
        const gap = x.n - y.n;
        if (gap === 0 || gap >= k) continue;
        // hide the smaller group involved (a month or the total cannot be hidden)
        const candidates = [x.owner, y.owner].filter((o): o is string => o !== null);
        victim = candidates.sort((a, b) => (nOf.get(a) ?? 0) - (nOf.get(b) ?? 0))[0] ?? null;
        if (victim) break outer;
      }
    }
    if (victim) {
      visible.delete(victim);
      changed = true;
    }
    if (!changed) return visible;
  }
}
