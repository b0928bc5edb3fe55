import type { Queryable } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { readBreakdowns, readTotalsByService, sumTotals, type TotalsQuery } from '../data/totals.js';
import { figuresOf, minGroupSize } from '../indicators/groups.js';
import { inclusiveness, vulnerableGroups } from '../indicators/inclusiveness.js';
import { marginOfError } from '../indicators/margin.js';
import { priorityElements } from '../indicators/priority.js';
import { bottomBox, elementBottomBox, elementTopBox, qualityProfile, topBox } from '../indicators/quality.js';
import { sampleAdequacy } from '../indicators/sample.js';
import { ikm14, skmFigures } from '../indicators/skm.js';
import { shareMeetingTarget, targetAttainment } from '../indicators/targets.js';
import { addTotals, emptyTotals, type Totals } from '../indicators/types.js';
import { CHANNELS, DIMENSIONS, DIMENSION_NAMES, type Channel, type Dimension } from '../vocabulary/profile.js';
import { hiddenBySmallGroup } from './k-rule.js';
import { populationReader } from './populations.js';
import { inheritedTargetProfiles, scopeName, serviceTargets, type Scope } from './scope.js';

export interface ResultsQuery {
  from: string;
  to: string;
  channel: Channel | null;
  group: { dimension: Dimension; value: string } | null;
}

export interface ResultsOptions {
  lang: string;
  /** agency's minimum group size k */
  k: number;
  /** list unpublished services inside the scope too (officers and tokens) */
  showUnpublished: boolean;
  /** compute the group breakdowns, inclusiveness and vulnerable groups (default true; an overview needs only the headline) */
  breakdowns?: boolean;
  /** the per-service totals of this scope and query when the caller has read them already (the overview page) */
  byService?: ReadonlyMap<number, Totals>;
}

const totalsQuery = (scope: Scope, q: ResultsQuery): TotalsQuery => ({ serviceIds: scope.serviceIds, ...q });

/** The headline SKM figures of a set of totals, in the contract's field names. */
export function headline(t: Totals) {
  const f = skmFigures(t);
  return {
    n: t.n,
    ikm: f.ikm,
    ikm_1_4: ikm14(t),
    grade: f.grade,
    performance: f.performance,
    margin: marginOfError(t),
    top_box: topBox(t),
    bottom_box: bottomBox(t),
    elements: f.elements.map((e) => ({
      ...e,
      top_box: elementTopBox(t.elements[e.code]),
      bottom_box: elementBottomBox(t.elements[e.code]),
    })),
  };
}

/** The same shape with every figure hidden: a filtered group smaller than k is never shown. */
export function suppressedHeadline() {
  const h = headline(emptyTotals());
  return { ...h, n: null, elements: h.elements.map((e) => ({ ...e, n: null })), suppressed: true };
}

function groupRows(groups: Record<string, Totals>, order: readonly string[], k: number) {
  const total = Object.values(groups).reduce((s, t) => s + t.n, 0);
  return order.map((g) => {
    const f = figuresOf(g, groups[g] ?? emptyTotals(), total, k);
    return {
      group: f.group,
      n: f.n,
      share: f.share,
      ikm: f.ikm,
      grade: f.grade,
      suppressed: f.suppressed,
      margin: f.suppressed ? null : marginOfError(groups[g] ?? emptyTotals()),
    };
  });
}

/** Everything the results API and the dashboards show for one scope, period and filter. */
export async function computeResults(store: Queryable, scope: Scope, q: ResultsQuery, opts: ResultsOptions) {
  const k = minGroupSize(opts.k);
  const byService = opts.byService ?? (await readTotalsByService(store, totalsQuery(scope, q)));
  const total = sumTotals(byService.values());
  const small = hiddenBySmallGroup(q, total, k);
  const head = small ? suppressedHeadline() : { ...headline(total), suppressed: false };

  const attainment = targetAttainment(small ? null : head.ikm, scope.target);
  // Users served (N) apply to the unfiltered scope only; a unit without its own N sums its services'.
  const allServices = scope.kind === 'service' ? [] : await listServices(store);
  const population =
    q.channel || q.group ? null : await populationReader(store).scope(scope.owner, scope.serviceIds ?? allServices.map((s) => s.id), q.from, q.to);

  // Per service: for units and the agency (share meeting their own target, the services table).
  const targets = scope.kind === 'service' ? new Map<number, number | null>() : await serviceTargets(store);
  const services =
    scope.kind === 'service'
      ? []
      : allServices
          .filter((s) => (scope.serviceIds ? scope.serviceIds.includes(s.id) : true))
          .map((s) => {
            const t = byService.get(s.id) ?? emptyTotals();
            const hidden = hiddenBySmallGroup(q, t, k);
            const f = headline(t);
            const a = targetAttainment(hidden ? null : f.ikm, targets.get(s.id) ?? null);
            return {
              code: s.code,
              name: nameIn(s, opts.lang),
              active: s.active === 1,
              published: s.published === 1,
              n: hidden ? null : t.n,
              ikm: hidden ? null : f.ikm,
              grade: hidden ? null : f.grade,
              margin: hidden ? null : f.margin,
              target: a.target,
              attainment: a.attainment,
              target_met: a.met,
            };
          });
  // The share is an aggregate of the whole scope; the list shows unpublished services only to officers and tokens.
  const meeting = scope.kind === 'service' ? null : shareMeetingTarget(services.map((s) => ({ ikm: s.ikm, target: s.target })));
  const listed = services.filter((s) => opts.showUnpublished || s.published);

  const inclusion = opts.breakdowns === false ? null : await inclusivenessOf(store, scope, q, k);

  return {
    scope: { type: scope.kind, code: scope.code, name: scopeName(scope, opts.lang), published: scope.published },
    from: q.from,
    to: q.to,
    filters: { channel: q.channel, group: q.group },
    min_group_size: k,
    ...head,
    quality: small ? { efficiency: null, staff: null, system: null } : qualityProfile(total),
    priority: small ? [] : priorityElements(total).map((p) => ({ code: p.code, nrr: p.nrr, score: p.nrr * 25 })),
    target: attainment.target,
    attainment: attainment.attainment,
    target_met: attainment.met,
    services_meeting_target: meeting,
    sample: sampleAdequacy(population, total.n),
    groups: inclusion?.groups ?? {},
    inclusiveness: inclusion?.inclusion ?? {},
    vulnerable: inclusion?.vulnerable ?? null,
    services: listed,
  };
}

/** Inclusiveness: breakdowns of the whole scope (not narrowed by a group filter). */
async function inclusivenessOf(store: Queryable, scope: Scope, q: ResultsQuery, k: number) {
  const breakdowns = await readBreakdowns(store, { ...totalsQuery(scope, q), group: null });
  const profiles = await inheritedTargetProfiles(store, scope);
  const groups: Record<string, ReturnType<typeof groupRows>> = {};
  const inclusion: Record<string, unknown> = {};
  for (const dim of [...DIMENSION_NAMES, 'channel'] as const) {
    const order = dim === 'channel' ? CHANNELS : DIMENSIONS[dim];
    groups[dim] = groupRows(breakdowns[dim], order, k);
    const inc = inclusiveness(breakdowns[dim], { k, target: dim === 'channel' ? null : (profiles[dim] ?? null) });
    inclusion[dim] = {
      target_profile: dim === 'channel' ? null : (profiles[dim] ?? null),
      representation: inc.representation,
      under_represented: inc.underRepresented,
      equity_gap: inc.equityGap,
      equity_ratio: inc.equityRatio,
    };
  }
  const rest = (dim: Dimension, g: string): Totals =>
    Object.entries(breakdowns[dim])
      .filter(([k2]) => k2 !== g)
      .reduce((s, [, t]) => addTotals(s, t), emptyTotals());
  const vulnerable = vulnerableGroups(
    {
      disability: { group: breakdowns.disability.yes ?? emptyTotals(), rest: rest('disability', 'yes') },
      age65plus: { group: breakdowns.age['65plus'] ?? emptyTotals(), rest: rest('age', '65plus') },
    },
    k,
  );

  return { groups, inclusion, vulnerable };
}
