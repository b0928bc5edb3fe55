/**
 * What the national evaluations look at, read for one unit (its whole subtree) and one year: the
 * quarters surveyed, the sample against the users served, the publication log's media, and the
 * follow-up plans made from the year's periods with how fast they were done.
 */
import type { Queryable } from '../../data/engine/index.js';
import { listYearActions, type ActionRow } from '../../data/followup.js';
import { listPublications, type Publication } from '../../data/publications.js';
import { readTotalsByService, sumTotals } from '../../data/totals.js';
import type { Unit } from '../../data/units.js';
import { daysBetween } from '../../indicators/calendar.js';
import { sampleAdequacy } from '../../indicators/sample.js';
import { populationReader } from '../../results/populations.js';
import type { Scope } from '../../results/scope.js';
import { calendarPeriod } from '../timing.js';
import type { UnitYearFacts } from './scores.js';

/** What one year holds for the whole agency: read once, then cut per unit. */
export interface YearData {
  year: number;
  actions: ActionRow[];
  publications: Publication[];
}

export async function readYear(q: Queryable, year: number): Promise<YearData> {
  return { year, actions: await listYearActions(q, year), publications: await listPublications(q, { from: `${year}-01-01`, to: `${year}-12-31` }) };
}

/** Average days in a month, to count months from a report to a done date. */
const MONTH_DAYS = 365.2425 / 12;

export async function unitYearFacts(q: Queryable, unit: Unit, scope: Scope, unitIds: ReadonlySet<number>, data: YearData): Promise<UnitYearFacts> {
  const { year } = data;
  const serviceIds = new Set(scope.serviceIds ?? []);
  let quarters = 0;
  let responses = 0;
  for (let n = 1; n <= 4; n++) {
    const p = calendarPeriod(`${year}-Q${n}`);
    if (!p) continue;
    const t = sumTotals((await readTotalsByService(q, { serviceIds: scope.serviceIds, from: p.from, to: p.to, channel: null, group: null })).values());
    if (t.n > 0) quarters += 1;
    responses += t.n;
  }
  const population = await populationReader(q).scope(scope.owner, scope.serviceIds, `${year}-01-01`, `${year}-12-31`);
  const mine = (p: { unit_id: number | null; service_id: number | null }) =>
    (p.unit_id !== null && unitIds.has(p.unit_id)) || (p.service_id !== null && serviceIds.has(p.service_id));
  const media = data.publications.filter(mine);
  const actions = data.actions.filter(
    (a) => (a.scope_kind === 'service' ? serviceIds.has(a.scope_id) : unitIds.has(a.scope_id)) && (a.scope_kind !== 'agency' || unit.parent_id === null),
  );
  const done = actions.filter((a) => a.status === 'done' && a.done_date);
  const months = done.map((a) => daysBetween(calendarPeriod(a.period)?.to ?? `${year}-12-31`, a.done_date as string) / MONTH_DAYS);
  return {
    quarters,
    responses,
    sampleAdequate: sampleAdequacy(population, responses).adequate,
    channels: new Set(media.map((p) => p.channel)).size,
    electronic: media.some((p) => p.electronic === 1),
    nonElectronic: media.some((p) => p.electronic === 0),
    publicPage: unit.published === 1,
    planned: actions.length,
    done: done.length,
    slowestMonths: actions.length > 0 && done.length === actions.length ? Math.max(0, ...months) : null,
  };
}
