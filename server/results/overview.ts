import type { Queryable } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { listUnits, type Unit } from '../data/units.js';
import { readTotalsByService, sumTotals } from '../data/totals.js';
import { marginOfError } from '../indicators/margin.js';
import { sampleAdequacy, type SampleAdequacy } from '../indicators/sample.js';
import { grade, ikm, type Grade } from '../indicators/skm.js';
import { shareMeetingTarget, targetAttainment, type TargetShare } from '../indicators/targets.js';
import { emptyTotals, type Totals } from '../indicators/types.js';
import { changeBetween, type Change } from './change.js';
import { computeResults, type ResultsQuery } from './compute.js';
import { hiddenBySmallGroup } from './k-rule.js';
import { populationReader } from './populations.js';
import { previousPeriod } from './previous.js';
import { effectiveTargets, type Scope } from './scope.js';

/** One unit or service of an officer's scope with its figures for the period (hidden by the k rule: null). */
export interface OverviewRow {
  kind: 'unit' | 'service';
  code: string;
  name: string;
  /** the unit holding a service; for a unit its parent (null for the scope's top unit) */
  parent: string | null;
  /** the unit name of a service ('' for a unit) */
  unit: string;
  /** depth below the scope's top unit (0 for it; a service one deeper than its unit) */
  depth: number;
  active: boolean;
  n: number | null;
  ikm: number | null;
  grade: Grade | null;
  margin: number | null;
  target: number | null;
  attainment: number | null;
  met: boolean | null;
  change: Change;
  delta: number | null;
  /** 'up' | 'down' (significant) | 'flat' (a change within the combined margin) | null */
  trend: 'up' | 'down' | 'flat' | null;
  sample: SampleAdequacy;
  servicesMeeting?: TargetShare;
  /** why a service needs attention, most pressing first (i18n keys under dashboard.reasons) */
  reasons: string[];
}

function figures(t: Totals, hidden: boolean) {
  const value = hidden ? null : ikm(t);
  return { n: hidden ? null : t.n, ikm: value, grade: grade(value), margin: hidden ? null : marginOfError(t) };
}

function reasons(row: Omit<OverviewRow, 'reasons'>): string[] {
  const out: string[] = [];
  if (row.met === false) out.push('below_target');
  if (row.grade === 'C' || row.grade === 'D') out.push('low_grade');
  if (row.trend === 'down') out.push('declining');
  if (row.sample.adequate === false) out.push('small_sample');
  return out;
}

/** The scope's units depth first (children in position order), each with its depth under the top. */
function treeOrder(units: readonly Unit[], top: number): Array<{ unit: Unit; depth: number }> {
  const children = new Map<number | null, Unit[]>();
  for (const u of units) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
  const out: Array<{ unit: Unit; depth: number }> = [];
  const seen = new Set<number>();
  const walk = (u: Unit, depth: number) => {
    if (seen.has(u.id)) return;
    seen.add(u.id);
    out.push({ unit: u, depth });
    for (const c of children.get(u.id) ?? []) walk(c, depth + 1);
  };
  const root = units.find((u) => u.id === top);
  if (root) walk(root, 0);
  return out;
}

/**
 * The overview's figures: the scope's headline, its change from the previous period, and a row per
 * unit (in tree order) and service, all from one read of the per-service totals of each period.
 */
export async function overview(store: Queryable, scope: Scope, q: ResultsQuery, periodLabel: string, lang: string, k: number) {
  const now = await readTotalsByService(store, { serviceIds: scope.serviceIds, ...q });
  const headline = await computeResults(store, scope, q, { lang, k, showUnpublished: true, breakdowns: false, byService: now });
  const prev = previousPeriod(periodLabel);
  const before = prev ? await readTotalsByService(store, { serviceIds: scope.serviceIds, ...q, from: prev.from, to: prev.to }) : new Map<number, Totals>();
  const t = sumTotals(now.values());
  const tb = sumTotals(before.values());
  const change = changeBetween(t, tb, !prev || hiddenBySmallGroup(q, t, k) || hiddenBySmallGroup(q, tb, k), prev);
  return { headline, change, rows: await overviewRows(store, scope, q, periodLabel, lang, k, now, before) };
}

export async function overviewRows(
  store: Queryable,
  scope: Scope,
  q: ResultsQuery,
  periodLabel: string,
  lang: string,
  k: number,
  /** the per-service totals of the scope and query, when already read */
  read?: ReadonlyMap<number, Totals>,
  readBefore?: ReadonlyMap<number, Totals>,
): Promise<OverviewRow[]> {
  const units = await listUnits(store);
  const tree = treeOrder(units, scope.unitId);
  const inScope = new Set(tree.map((x) => x.unit.id));
  const allServices = await listServices(store);
  const services = allServices.filter((s) => inScope.has(s.unit_id));
  const ids = services.map((s) => s.id);
  const unitsById = new Map(units.map((u) => [u.id, u]));
  const depthOf = new Map(tree.map((x) => [x.unit.id, x.depth]));
  // each unit's services at any depth
  const subtree = new Map<number, number[]>();
  for (const s of services) {
    for (let u = unitsById.get(s.unit_id); u && inScope.has(u.id); u = u.parent_id === null ? undefined : unitsById.get(u.parent_id)) {
      subtree.set(u.id, [...(subtree.get(u.id) ?? []), s.id]);
    }
  }
  const now = read ?? (await readTotalsByService(store, { serviceIds: ids, ...q }));
  const prev = previousPeriod(periodLabel);
  const before = readBefore ?? (prev ? await readTotalsByService(store, { serviceIds: ids, ...q, from: prev.from, to: prev.to }) : new Map<number, Totals>());
  const targets = effectiveTargets(units, allServices);
  const populations = populationReader(store);
  const unfiltered = !q.channel && !q.group;

  function row(kind: 'unit' | 'service', t: Totals, tb: Totals, target: number | null, population: number | null) {
    const hidden = hiddenBySmallGroup(q, t, k);
    const f = figures(t, hidden);
    const a = targetAttainment(f.ikm, target);
    const change = changeBetween(t, tb, !prev || hidden || hiddenBySmallGroup(q, tb, k), prev);
    const trend = change.direction === 'within' ? ('flat' as const) : change.direction;
    return { kind, ...f, target: a.target, attainment: a.attainment, met: a.met, change, delta: change.delta, trend, sample: sampleAdequacy(population, t.n) };
  }

  const serviceRows = new Map<number, OverviewRow>();
  for (const s of services) {
    const population = unfiltered ? await populations.own({ serviceId: s.id }, q.from, q.to) : null;
    const unit = unitsById.get(s.unit_id);
    const r = {
      ...row('service', now.get(s.id) ?? emptyTotals(), before.get(s.id) ?? emptyTotals(), targets.service.get(s.id) ?? null, population),
      code: s.code,
      name: nameIn(s, lang),
      parent: unit?.code ?? null,
      unit: unit ? nameIn(unit, lang) : '',
      depth: (depthOf.get(s.unit_id) ?? 0) + 1,
      active: s.active === 1,
    };
    serviceRows.set(s.id, { ...r, reasons: reasons(r) });
  }

  const unitRows: OverviewRow[] = [];
  for (const { unit: u, depth } of tree) {
    const sub = subtree.get(u.id) ?? [];
    const population = unfiltered ? await populations.scope({ unitId: u.id }, sub, q.from, q.to) : null;
    const t = sumTotals(sub.map((id) => now.get(id) ?? emptyTotals()));
    const tb = sumTotals(sub.map((id) => before.get(id) ?? emptyTotals()));
    const parent = u.parent_id === null || u.id === scope.unitId ? undefined : unitsById.get(u.parent_id);
    unitRows.push({
      ...row('unit', t, tb, targets.unit.get(u.id) ?? null, population),
      code: u.code,
      name: nameIn(u, lang),
      parent: parent?.code ?? null,
      unit: '',
      depth,
      active: u.active === 1,
      servicesMeeting: shareMeetingTarget(sub.flatMap((id) => serviceRows.get(id) ?? []).map((r) => ({ ikm: r.ikm, target: r.target }))),
      reasons: [],
    });
  }
  return [...unitRows, ...serviceRows.values()];
}
