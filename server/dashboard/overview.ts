import type { Db } from '../db.js';
import { listServices, listUnits, nameIn } from '../data/org.js';
import { servicesPopulation, ownPopulation, subtreeServiceIds, subtreeUnitIds, unitChain } from '../data/scope.js';
import { readTotalsByService, sumTotals } from '../data/totals.js';
import { isValidDate } from '../indicators/calendar.js';
import { isSignificant, marginOfError } from '../indicators/margin.js';
import { parsePeriod, previousPeriods } from '../indicators/periods.js';
import { sampleAdequacy } from '../indicators/sample.js';
import { grade, ikm } from '../indicators/skm.js';
import { inheritTarget, shareMeetingTarget, targetAttainment } from '../indicators/targets.js';
import { emptyTotals, type Totals } from '../indicators/types.js';
import type { ResultsQuery } from '../results/compute.js';
import { serviceTargets, type Scope } from '../results/scope.js';

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

/** Every unit and service of the officer's scope with the figures of the overview table. */
export function overviewRows(db: Db, scope: Scope, q: ResultsQuery, periodLabel: string, lang: string, k: number): OverviewRow[] {
  const units = listUnits(db);
  const inScope = new Set(subtreeUnitIds(db, scope.unitId));
  const services = listServices(db).filter((s) => inScope.has(s.unit_id));
  const ids = services.map((s) => s.id);
  const now = readTotalsByService(db, { serviceIds: ids, ...q });
  const parsed = parsePeriod(periodLabel);
  const prior = parsed.ok ? previousPeriods(parsed.period, 1)[0] : undefined;
  const prev = prior && isValidDate(prior.from) && isValidDate(prior.to) ? prior : undefined; // none before year 0
  const before = prev ? readTotalsByService(db, { serviceIds: ids, ...q, from: prev.from, to: prev.to }) : new Map<number, Totals>();
  const targets = serviceTargets(db);
  const unitName = new Map(units.map((u) => [u.id, nameIn(u, lang)]));
  const unfiltered = !q.channel && !q.group;
  const hide = (t: Totals) => q.group !== null && t.n < k;

  const serviceRows = new Map<number, OverviewRow>();
  for (const s of services) {
    const t = now.get(s.id) ?? emptyTotals();
    const f = figures(t, hide(t));
    const a = targetAttainment(f.ikm, targets.get(s.id) ?? null);
    const population = unfiltered ? (ownPopulation(db, { serviceId: s.id }, q.from, q.to) ?? null) : null;
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

  const unitRows: OverviewRow[] = units
    .filter((u) => inScope.has(u.id))
    .map((u) => {
      const sub = subtreeServiceIds(db, u.id);
      const t = sumTotals(sub.map((id) => now.get(id) ?? emptyTotals()));
      const tb = sumTotals(sub.map((id) => before.get(id) ?? emptyTotals()));
      const f = figures(t, hide(t));
      const chain = unitChain(db, u.id); // the unit up to the root: its depth and inherited target
      const a = targetAttainment(f.ikm, inheritTarget(chain.map((x) => x.target_ikm)));
      const population = unfiltered ? (ownPopulation(db, { unitId: u.id }, q.from, q.to) ?? servicesPopulation(db, sub, q.from, q.to)) : null;
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
      return { ...row, reasons: [] };
    });
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
