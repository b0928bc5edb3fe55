/**
 * The totals behind a scope's published figures for one completed period, read from the frozen
 * months (data/snapshots.ts) through the same disclosure rule as the public API (publicFigures):
 * the services it counts, and their summed totals. Reading never freezes a month; only a public
 * read (computePublicResults) does. Used where published figures must be judged or shown beyond
 * the public body's own fields: the report as published (element sums, trend) and the public
 * follow-up's before/after (margins of the published scores).
 */
import type { Queryable } from '../data/engine/index.js';
import { republicationsOf } from '../data/publications.js';
import { listServices } from '../data/services.js';
import { readFrozen } from '../data/snapshots.js';
import { listUnits } from '../data/units.js';
import { minGroupSize } from '../indicators/groups.js';
import type { CalendarKind, Period } from '../indicators/periods.js';
import { addTotals, emptyTotals, type Totals } from '../indicators/types.js';
import { CHANNELS, DIMENSIONS } from '../vocabulary/profile.js';
import { checkPublicRequest, publicFigures, type Additive, type PublicDimension } from '../results/disclosure.js';
import { monthsOf } from '../results/public.js';
import type { Scope } from '../results/scope.js';

const totalsMonoid: Additive<Totals> = { zero: emptyTotals, add: addTotals, n: (t) => t.n };
const ORDER: Record<PublicDimension, readonly string[]> = { ...DIMENSIONS, channel: CHANNELS };

export interface PublishedTotals {
  total: Totals;
  /** the services the published figures count (published, active, every month empty or >= k) */
  serviceIds: number[];
  /** when the frozen months were taken, first and last (ISO) */
  takenAt: { first: string; last: string };
}

/** The published totals of a scope and period, or null when nothing of it is frozen or it publishes no figures (too few). */
export async function publishedTotals(q: Queryable, scope: Scope, period: Period & { kind: CalendarKind }, k: number): Promise<PublishedTotals | null> {
  const units = new Map((await listUnits(q)).map((u) => [u.id, u]));
  const inScope = (await listServices(q)).filter((s) => (scope.serviceIds ? scope.serviceIds.includes(s.id) : true));
  const frozen = await readFrozen(
    q,
    inScope.map((s) => s.id),
    monthsOf(period),
    { joint: false },
  );
  if (!frozen.length) return null;
  const figures = publicFigures(totalsMonoid, {
    kind: scope.kind,
    periodKind: period.kind,
    k: minGroupSize(k),
    order: ORDER,
    services: inScope.map((s) => ({
      id: s.id,
      eligible: s.published === 1 && s.active === 1 && units.get(s.unit_id)?.active === 1,
      months: frozen.filter((b) => b.serviceId === s.id),
    })),
  });
  if (figures.status !== 'published' || !figures.total) return null;
  const ids = figures.services.map((s) => s.id);
  const taken = frozen
    .filter((b) => ids.includes(b.serviceId))
    .map((b) => b.takenAt)
    .sort();
  return { total: figures.total, serviceIds: ids, takenAt: { first: taken[0] as string, last: taken[taken.length - 1] as string } };
}

/**
 * Whether a scope's period has been published: the scope is public, the period complete, and a
 * public read has frozen some of its months, or an explicit republication let them be frozen anew.
 */
export async function hasBeenPublished(q: Queryable, scope: Scope, period: Period & { kind: CalendarKind }, today: string): Promise<boolean> {
  if (!scope.published || checkPublicRequest({ period, channel: null, group: null, today }) !== null) return false;
  const months = monthsOf(period);
  const ids = (await listServices(q)).filter((s) => (scope.serviceIds ? scope.serviceIds.includes(s.id) : true)).map((s) => s.id);
  if ((await readFrozen(q, ids, months, { joint: false })).length) return true;
  return (await republicationsOf(q, months[0] as string, months[months.length - 1] as string)).length > 0;
}
