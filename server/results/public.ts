import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { listUnits } from '../data/units.js';
import { freezeMonths, readFrozen } from '../data/snapshots.js';
import { figuresOf, minGroupSize, type GroupFigures } from '../indicators/groups.js';
import { equityGap, equityRatio } from '../indicators/inclusiveness.js';
import type { CalendarKind, Period } from '../indicators/periods.js';
import { priorityElements } from '../indicators/priority.js';
import { qualityProfile } from '../indicators/quality.js';
import { representationIndex, underRepresented } from '../indicators/representation.js';
import { sampleAdequacy } from '../indicators/sample.js';
import { shareMeetingTarget, targetAttainment } from '../indicators/targets.js';
import { addTotals, emptyTotals, type Totals } from '../indicators/types.js';
import { CHANNELS, DIMENSIONS } from '../vocabulary/profile.js';
import { headline, suppressedHeadline } from './compute.js';
import { PUBLIC_DIMENSIONS, publicFigures, type Additive, type PublicDimension } from './disclosure.js';
import { populationReader } from './populations.js';
import { inheritedTargetProfiles, scopeName, serviceTargets, type Scope } from './scope.js';

const totalsMonoid: Additive<Totals> = { zero: emptyTotals, add: addTotals, n: (t) => t.n };

const ORDER: Record<PublicDimension, readonly string[]> = { ...DIMENSIONS, channel: CHANNELS };

/** The months ('YYYY-MM') of a calendar period. */
export function monthsOf(period: Period): string[] {
  const out: string[] = [];
  let [y, m] = period.from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = period.to.slice(0, 7);
  for (;;) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= last) return out;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

export interface PublicOptions {
  lang: string;
  k: number;
  /** when a snapshot taken now says it was taken */
  now: Date;
}

/**
 * What anyone may see of a scope for one completed calendar period: figures from the frozen months
 * of its published, active services, through disclosure control. The same shape as the officers'
 * results, with `publication` saying whether figures are published and from which snapshot.
 */
export async function computePublicResults(store: Database, scope: Scope, period: Period & { kind: CalendarKind }, opts: PublicOptions) {
  const k = minGroupSize(opts.k);
  const units = new Map((await listUnits(store)).map((u) => [u.id, u]));
  const inScope = (await listServices(store)).filter((s) => (scope.serviceIds ? scope.serviceIds.includes(s.id) : true));
  const months = monthsOf(period);
  const ids = inScope.map((s) => s.id);
  await freezeMonths(store, ids, months, opts.now.toISOString());
  const groupIkm = scope.kind === 'service' && period.kind === 'quarter';
  const frozen = await readFrozen(store, ids, months, { joint: groupIkm });
  const eligible = (s: (typeof inScope)[number]): boolean => s.published === 1 && s.active === 1 && units.get(s.unit_id)?.active === 1;
  const figures = publicFigures(totalsMonoid, {
    kind: scope.kind,
    periodKind: period.kind,
    k,
    order: ORDER,
    services: inScope.map((s) => ({ id: s.id, eligible: eligible(s), months: frozen.filter((b) => b.serviceId === s.id) })),
  });
  const takenAt = frozen
    .filter((b) => figures.services.some((s) => s.id === b.serviceId))
    .map((b) => b.takenAt)
    .sort();
  const base = {
    scope: { type: scope.kind, code: scope.code, name: scopeName(scope, opts.lang), published: scope.published },
    from: period.from,
    to: period.to,
    period: period.label,
    filters: { channel: null, group: null },
    min_group_size: k,
    publication: {
      status: figures.status,
      /** when the frozen months behind these figures were taken (first and last) */
      snapshot: takenAt.length ? { first: takenAt[0], last: takenAt[takenAt.length - 1] } : null,
      group_ikm: figures.groupIkm ? 'shown' : 'service_and_quarter_only',
    },
  };

  const target = targetAttainment(null, scope.target);
  if (figures.status === 'too_few' || !figures.total) {
    return {
      ...base,
      ...suppressedHeadline(),
      quality: { efficiency: null, staff: null, system: null },
      priority: [],
      target: target.target,
      attainment: null,
      target_met: null,
      services_meeting_target: null,
      sample: sampleAdequacy(null, 0),
      groups: {},
      inclusiveness: {},
      vulnerable: null,
      services: [],
    };
  }
  const total = figures.total;
  const head = headline(total);
  const attainment = targetAttainment(head.ikm, scope.target);
  const population = await populationReader(store).scope(
    scope.owner,
    figures.services.map((s) => s.id),
    period.from,
    period.to,
  );

  const byId = new Map(inScope.map((s) => [s.id, s]));
  const targets = scope.kind === 'service' ? new Map<number, number | null>() : await serviceTargets(store);
  const services =
    scope.kind === 'service'
      ? []
      : figures.services.map(({ id, total: t }) => {
          const s = byId.get(id) as (typeof inScope)[number];
          const f = headline(t);
          const a = targetAttainment(f.ikm, targets.get(id) ?? null);
          return {
            code: s.code,
            name: nameIn(s, opts.lang),
            active: true,
            published: true,
            n: t.n,
            ikm: f.ikm,
            grade: f.grade,
            margin: f.margin,
            target: a.target,
            attainment: a.attainment,
            target_met: a.met,
          };
        });

  const profiles = await inheritedTargetProfiles(store, scope);
  const groups: Record<string, unknown[]> = {};
  const inclusion: Record<string, unknown> = {};
  for (const d of PUBLIC_DIMENSIONS) {
    const rows = figures.groups[d];
    const shown: GroupFigures[] = rows.map((r) =>
      r.totals
        ? figuresOf(r.group, r.totals, total.n, k)
        : { group: r.group, suppressed: true, n: null, share: null, ikm: null, grade: null, performance: null },
    );
    groups[d] = rows.map((r, i) => ({
      group: r.group,
      n: r.n,
      share: r.share,
      ikm: shown[i]?.ikm ?? null,
      grade: shown[i]?.grade ?? null,
      suppressed: r.n === null,
      withheld: r.withheld,
    }));
    // representation uses counts only; the equity figures use the group IKMs that are shown
    const counts = Object.fromEntries(rows.map((r) => [r.group, { ...emptyTotals(), n: r.count }]));
    const profile = d === 'channel' ? null : (profiles[d] ?? null);
    inclusion[d] = {
      target_profile: profile,
      representation: profile ? representationIndex(counts, profile) : null,
      under_represented: profile ? underRepresented(counts, profile, k) : [],
      equity_gap: equityGap(shown),
      equity_ratio: equityRatio(shown, head.ikm),
    };
  }
  const side = (t: Totals | null, name: string) =>
    t ? figuresOf(name, t, total.n, k) : { group: name, suppressed: true, n: null, share: null, ikm: null, grade: null, performance: null };
  const vulnerable = figures.vulnerable
    ? {
        disability: { group: side(figures.vulnerable.disability.group, 'group'), rest: side(figures.vulnerable.disability.rest, 'rest') },
        age65plus: { group: side(figures.vulnerable.age65plus.group, 'group'), rest: side(figures.vulnerable.age65plus.rest, 'rest') },
      }
    : null;

  return {
    ...base,
    ...head,
    suppressed: false,
    quality: qualityProfile(total),
    priority: priorityElements(total).map((p) => ({ code: p.code, nrr: p.nrr, score: p.nrr * 25 })),
    target: attainment.target,
    attainment: attainment.attainment,
    target_met: attainment.met,
    services_meeting_target: scope.kind === 'service' ? null : shareMeetingTarget(services),
    sample: sampleAdequacy(population, total.n),
    groups,
    inclusiveness: inclusion,
    vulnerable,
    services,
  };
}
