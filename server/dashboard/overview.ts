import type { Queryable } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { ownPopulation, servicesPopulation } from '../data/populations.js';
import { listServices } from '../data/services.js';
import { listUnits, subtreeUnitIds } from '../data/units.js';
import { readTotalsByService, sumTotals } from '../data/totals.js';
import { isValidDate } from '../indicators/calendar.js';
import { isSignificant, marginOfError } from '../indicators/margin.js';
import { parsePeriod, previousPeriods } from '../indicators/periods.js';
import { sampleAdequacy } from '../indicators/sample.js';
import { grade, ikm } from '../indicators/skm.js';
import { inheritTarget, shareMeetingTarget, targetAttainment } from '../indicators/targets.js';
import { emptyTotals, type Totals } from '../indicators/types.js';
import { computeResults, type ResultsQuery } from '../results/compute.js';
import { chainIn, serviceTargets, type Scope } from '../results/scope.js';

export interface OverviewRow {
  kind: 'unit' | 'service';
  code: string;
  name: string;
  unit: string;
  depth: number;
  active: boolean;
  n: number | null;
  ikm: number | null;
  grade: string | null;
  margin: number | null;
  target: number | null;
  attainment: number | null;
  met: boolean | null;
  delta: number | null;
  /** 'up' | 'down' | 'flat' (a change within the combined margin) | null */
  trend: 'up' | 'down' | 'flat' | null;
  sample: { population: number | null; required: number | null; adequate: boolean | null };
  servicesMeeting?: { counted: number; met: number; share: number | null };
  reasons: string[];
}

function figures(t: Totals, hidden: boolean) {
  const value = hidden ? null : ikm(t);
  return { n: hidden ? null : t.n, ikm: value, grade: grade(value), margin: hidden ? null : marginOfError(t) };
}

function trendOf(now: Totals, before: Totals, hidden: boolean): Pick<OverviewRow, 'delta' | 'trend'> {
  const a = ikm(now);
  const b = ikm(before);
  if (hidden || a === null || b === null) return { delta: null, trend: null };
  const delta = a - b;
  const sig = isSignificant(delta, marginOfError(now), marginOfError(before));
  return { delta, trend: sig ? (delta > 0 ? 'up' : 'down') : 'flat' };
}

/** Why a service needs attention, most pressing first (i18n keys under dashboard.reasons). */
function reasons(row: Omit<OverviewRow, 'reasons'>): string[] {
  const out: string[] = [];
  if (row.met === false) out.push('below_target');
  if (row.grade === 'C' || row.grade === 'D') out.push('low_grade');
  if (row.trend === 'down') out.push('declining');
  if (row.sample.adequate === false) out.push('small_sample');
  return out;
}

/**
 * Every unit and service of the officer's scope with the figures of the overview table. The tree
 * (each unit's chain and subtree) is worked out from one read of the units and services.
 */
/**
 * The overview page's figures: the scope's headline and a row per unit and service, from one read of
 * the per-service totals (the headline is their sum).
 */
export async function overview(store: Queryable, scope: Scope, q: ResultsQuery, periodLabel: string, lang: string, k: number) {
  const now = await readTotalsByService(store, { serviceIds: scope.serviceIds, ...q });
  const headline = await computeResults(store, scope, q, { lang, k, showUnpublished: true, breakdowns: false, byService: now });
  return { headline, rows: await overviewRows(store, scope, q, periodLabel, lang, k, now) };
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
): Promise<OverviewRow[]> {
  const units = await listUnits(store);
  const inScope = new Set(await subtreeUnitIds(store, scope.unitId));
  const services = (await listServices(store)).filter((s) => inScope.has(s.unit_id));
  const ids = services.map((s) => s.id);
  const unitsById = new Map(units.map((u) => [u.id, u]));
  // each unit's services at any depth, in the services' order (position, id)
  const subtree = new Map<number, number[]>();
  for (const s of services) {
    for (const u of chainIn(unitsById, s.unit_id)) {
      const list = subtree.get(u.id);
      if (list) list.push(s.id);
      else subtree.set(u.id, [s.id]);
    }
  }
  const now = read ?? (await readTotalsByService(store, { serviceIds: ids, ...q }));
  const parsed = parsePeriod(periodLabel);
  const prior = parsed.ok ? previousPeriods(parsed.period, 1)[0] : undefined;
  const prev = prior && isValidDate(prior.from) && isValidDate(prior.to) ? prior : undefined; // none before year 0
  const before = prev ? await readTotalsByService(store, { serviceIds: ids, ...q, from: prev.from, to: prev.to }) : new Map<number, Totals>();
  const targets = await serviceTargets(store);
  const unitName = new Map(units.map((u) => [u.id, nameIn(u, lang)]));
  const unfiltered = !q.channel && !q.group;
  const hide = (t: Totals) => q.group !== null && t.n < k;

  const serviceRows = new Map<number, OverviewRow>();
  for (const s of services) {
    const t = now.get(s.id) ?? emptyTotals();
    const f = figures(t, hide(t));
    const a = targetAttainment(f.ikm, targets.get(s.id) ?? null);
    const population = unfiltered ? ((await ownPopulation(store, { serviceId: s.id }, q.from, q.to)) ?? null) : null;
    const row = {
      kind: 'service' as const,
      code: s.code,
      name: nameIn(s, lang),
      unit: unitName.get(s.unit_id) ?? '',
      depth: 0,
      active: s.active === 1,
      ...f,
      target: a.target,
      attainment: a.attainment,
      met: a.met,
      ...trendOf(t, before.get(s.id) ?? emptyTotals(), hide(t)),
      sample: sampleAdequacy(population, t.n),
    };
    serviceRows.set(s.id, { ...row, reasons: reasons(row) });
  }

  const unitRows: OverviewRow[] = [];
  for (const u of units) {
    if (!inScope.has(u.id)) continue;
    const sub = subtree.get(u.id) ?? [];
    const t = sumTotals(sub.map((id) => now.get(id) ?? emptyTotals()));
    const tb = sumTotals(sub.map((id) => before.get(id) ?? emptyTotals()));
    const f = figures(t, hide(t));
    const chain = chainIn(unitsById, u.id); // the unit up to the root: its depth and inherited target
    const a = targetAttainment(f.ikm, inheritTarget(chain.map((x) => x.target_ikm)));
    const population = unfiltered
      ? ((await ownPopulation(store, { unitId: u.id }, q.from, q.to)) ?? (await servicesPopulation(store, sub, q.from, q.to)))
      : null;
    const row = {
      kind: 'unit' as const,
      code: u.code,
      name: nameIn(u, lang),
      unit: '',
      depth: chain.length - 1,
      active: u.active === 1,
      ...f,
      target: a.target,
      attainment: a.attainment,
      met: a.met,
      ...trendOf(t, tb, hide(t)),
      sample: sampleAdequacy(population, t.n),
      servicesMeeting: shareMeetingTarget(
        sub
          .map((id) => serviceRows.get(id))
          .filter((r) => r !== undefined)
          .map((r) => ({ ikm: r.ikm, target: r.target })),
      ),
    };
    unitRows.push({ ...row, reasons: [] });
  }
  return [...unitRows, ...serviceRows.values()];
}

const SORTABLE = ['name', 'n', 'ikm', 'margin', 'attainment', 'delta'] as const;
export type SortKey = (typeof SORTABLE)[number];

export function parseSort(raw: unknown, dirRaw: unknown): { key: SortKey; dir: 'asc' | 'desc' } {
  const key = (SORTABLE as readonly string[]).includes(String(raw)) ? (raw as SortKey) : 'ikm';
  return { key, dir: dirRaw === 'asc' ? 'asc' : dirRaw === 'desc' ? 'desc' : key === 'name' ? 'asc' : 'desc' };
}

/** Sorts rows by a column; rows without a value go last whatever the direction. */
export function sortRows<T extends OverviewRow>(rows: T[], sort: { key: SortKey; dir: 'asc' | 'desc' }, lang: string): T[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return sign * a.name.localeCompare(b.name, lang);
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return sign * (x - y);
  });
}

/** Services that need attention first: most below their target, then lowest IKM; only those with a reason. */
export function attention(rows: OverviewRow[]): OverviewRow[] {
  return rows
    .filter((r) => r.kind === 'service' && r.reasons.length > 0)
    .sort((a, b) => (a.attainment ?? Infinity) - (b.attainment ?? Infinity) || (a.ikm ?? Infinity) - (b.ikm ?? Infinity))
    .slice(0, 5);
}
