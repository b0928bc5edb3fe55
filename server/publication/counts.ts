import type { NextFunction, Request, Response } from 'express';
import type { Database, Queryable } from '../data/engine/index.js';
import { agencyTimeZone } from '../data/agency.js';
import { countPublications } from '../data/publications.js';
import { getServiceByCode } from '../data/services.js';
import { getUnit, getUnitByCode, rootUnit } from '../data/units.js';
import { localDate, parsePeriod } from '../indicators/periods.js';
import { lastCompleteQuarter } from '../results/query.js';
import { publicationLogUrl } from '../urls.js';

// The publication log counted for the dashboards (issue 11: "counted on the dashboard"): how many
// media carried a scope's results for a completed period.

export type CountTarget = { kind: 'agency' } | { kind: 'unit' | 'service'; code: string };

/** How many publication log entries a scope has for a period (`2026-Q3`); null for an unknown scope. */
export async function publicationCount(q: Queryable, target: CountTarget, period: string): Promise<number | null> {
  if (target.kind === 'service') {
    const s = await getServiceByCode(q, target.code);
    return s ? countPublications(q, { serviceId: s.id }, period) : null;
  }
  const unit = target.kind === 'agency' ? await rootUnit(q) : await getUnitByCode(q, target.code);
  return unit ? countPublications(q, { unitId: unit.id }, period) : null;
}

/** The log entry of the scope the log page names: the agency's log is its root unit's. */
const logScopeKey = (t: CountTarget, root: string | undefined): string =>
  t.kind === 'agency' || (t.kind === 'unit' && t.code === root) ? 'agency' : `${t.kind}:${t.code}`;

/**
 * For the dashboards (GET /dashboard, /dashboard/units/:code, /dashboard/services/:code): sets
 * res.locals.publicationLog = { text, href } for views/results/_dashboard-count.ejs. The period is the
 * dashboard's when it is one completed month, quarter, half-year or year, else the last complete quarter.
 */
export function publicationCountLocals(store: Database) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const officer = res.locals.officer;
    if (!officer) return next();
    const m = /^\/dashboard(?:\/(units|services)\/([^/]+))?\/?$/.exec(req.path);
    if (!m) return next();
    // the overview (/dashboard) is the officer's own unit (the agency for the root unit)
    const own = m[1] ? undefined : await getUnit(store, officer.unitId);
    const target: CountTarget = m[1]
      ? { kind: m[1] === 'units' ? 'unit' : 'service', code: decodeURIComponent(m[2] as string) }
      : own && own.parent_id !== null
        ? { kind: 'unit', code: own.code }
        : { kind: 'agency' };
    const tz = await agencyTimeZone(store);
    const now = new Date();
    const asked = typeof req.query.period === 'string' ? parsePeriod(req.query.period) : null;
    const period = asked?.ok && asked.period.kind !== 'range' && asked.period.to < localDate(now, tz) ? asked.period : lastCompleteQuarter(now, tz);
    const count = await publicationCount(store, target, period.label);
    if (count === null) return next();
    const l = res.locals;
    const words = l.period(period.from, period.to);
    const root = (await rootUnit(store))?.code;
    res.locals.publicationLog = {
      count,
      text:
        count === 0
          ? l.t('publication.dashboard.none', { period: words })
          : l.t(count === 1 ? 'publication.dashboard.count_one' : 'publication.dashboard.count', { period: words, count }),
      href: officer.role === 'viewer' ? null : publicationLogUrl(l.lang, { scope: logScopeKey(target, root), period: period.label }),
    };
    next();
  };
}
