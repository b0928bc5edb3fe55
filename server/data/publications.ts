import type { Queryable } from './engine/index.js';

// The publication log (migration 014): where and when a scope's results for a period were published,
// and the republications of completed periods with their reasons. Writes take the transaction of the
// audited change that makes them.

export const PUBLICATION_CHANNELS = ['website', 'app', 'social_media', 'print', 'notice_board', 'other'] as const;
export type PublicationChannel = (typeof PUBLICATION_CHANNELS)[number];

/** Whether a channel is electronic by its nature; null for "other", where the officer says. */
export const ELECTRONIC_CHANNEL: Record<PublicationChannel, boolean | null> = {
  website: true,
  app: true,
  social_media: true,
  print: false,
  notice_board: false,
  other: null,
};

/** A unit (the root unit: the agency) or a service. */
export type PublicationScope = { unitId: number } | { serviceId: number };

export interface NewPublication {
  scope: PublicationScope;
  /** the period's code (2026-Q3) and its local dates */
  period: string;
  periodFrom: string;
  periodTo: string;
  channel: PublicationChannel;
  electronic: boolean;
  /** local date, YYYY-MM-DD */
  publishedOn: string;
  url: string | null;
  note: string | null;
  createdBy: number | null;
}

export interface Publication {
  id: number;
  unit_id: number | null;
  service_id: number | null;
  period: string;
  period_from: string;
  period_to: string;
  channel: PublicationChannel;
  electronic: number;
  published_on: string;
  url: string | null;
  note: string | null;
  created_at: string;
}

const COLUMNS = 'id, unit_id, service_id, period, period_from, period_to, channel, electronic, published_on, url, note, created_at';

/** Adds one entry; returns its id. */
export async function addPublication(tx: Queryable, p: NewPublication): Promise<number> {
  const unitId = 'unitId' in p.scope ? p.scope.unitId : null;
  const serviceId = 'serviceId' in p.scope ? p.scope.serviceId : null;
  const id = await tx.value<number>(
    `INSERT INTO publications (unit_id, service_id, period, period_from, period_to, channel, electronic, published_on, url, note, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [unitId, serviceId, p.period, p.periodFrom, p.periodTo, p.channel, p.electronic ? 1 : 0, p.publishedOn, p.url, p.note, p.createdBy],
  );
  return Number(id);
}

export function getPublication(q: Queryable, id: number): Promise<Publication | undefined> {
  return q.get<Publication>(`SELECT ${COLUMNS} FROM publications WHERE id = ?`, [id]);
}

/** Removes one entry; returns whether it was there. */
export async function removePublication(tx: Queryable, id: number): Promise<boolean> {
  return (await tx.run('DELETE FROM publications WHERE id = ?', [id])).changes > 0;
}

export interface PublicationFilter {
  /** one scope (a unit, or a service); both unset: every entry of the agency */
  unitId?: number;
  serviceId?: number;
  /** periods that overlap from..to (inclusive local dates): for a year, `2026-01-01`..`2026-12-31` */
  from: string;
  to: string;
}

/**
 * The entries of one scope (or all) for the periods overlapping from..to, newest publication first.
 * The national evaluations read a unit's year this way (its media, electronic or not).
 */
export function listPublications(q: Queryable, f: PublicationFilter): Promise<Publication[]> {
  const where = ['period_from <= ?', 'period_to >= ?'];
  const args: Array<string | number> = [f.to, f.from];
  if (f.unitId !== undefined) {
    where.push('unit_id = ?');
    args.push(f.unitId);
  }
  if (f.serviceId !== undefined) {
    where.push('service_id = ?');
    args.push(f.serviceId);
  }
  return q.all<Publication>(`SELECT ${COLUMNS} FROM publications WHERE ${where.join(' AND ')} ORDER BY published_on DESC, id DESC`, args);
}

/** The entries of one scope for exactly one period (the public page and the officer page). */
export function publicationsOfPeriod(q: Queryable, scope: PublicationScope, period: string): Promise<Publication[]> {
  const [col, id] = 'unitId' in scope ? ['unit_id', scope.unitId] : ['service_id', scope.serviceId];
  return q.all<Publication>(`SELECT ${COLUMNS} FROM publications WHERE ${col} = ? AND period = ? ORDER BY published_on DESC, id DESC`, [id, period]);
}

/** How many entries one scope has for one period (the dashboard's small figure). */
export async function countPublications(q: Queryable, scope: PublicationScope, period: string): Promise<number> {
  const [col, id] = 'unitId' in scope ? ['unit_id', scope.unitId] : ['service_id', scope.serviceId];
  return Number((await q.value<number>(`SELECT COUNT(*) FROM publications WHERE ${col} = ? AND period = ?`, [id, period])) ?? 0);
}

export interface Republication {
  id: number;
  period: string;
  month_from: string;
  month_to: string;
  republished_at: string;
  reason: string;
}

/** Records a republication (in the audited transaction that drops the snapshots). */
export async function recordRepublication(
  tx: Queryable,
  r: { period: string; monthFrom: string; monthTo: string; at: string; reason: string; createdBy: number | null },
): Promise<number> {
  const id = await tx.value<number>(
    'INSERT INTO republications (period, month_from, month_to, republished_at, reason, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    [r.period, r.monthFrom, r.monthTo, r.at, r.reason, r.createdBy],
  );
  return Number(id);
}

/** The republications touching any month of monthFrom..monthTo (YYYY-MM), newest first. */
export function republicationsOf(q: Queryable, monthFrom: string, monthTo: string): Promise<Republication[]> {
  return q.all<Republication>(
    'SELECT id, period, month_from, month_to, republished_at, reason FROM republications WHERE month_from <= ? AND month_to >= ? ORDER BY republished_at DESC, id DESC',
    [monthTo, monthFrom],
  );
}

/** The local date of the first stored response (null when there is none): public pages offer no period before it. */
export async function firstResponseDate(q: Queryable): Promise<string | null> {
  return (await q.value<string | null>('SELECT MIN(local_date) FROM responses')) ?? null;
}
