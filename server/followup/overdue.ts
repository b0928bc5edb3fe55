/**
 * Overdue follow-up actions per scope, for the dashboard's overview (issue 11: "overdue actions
 * stand out on the overview"): open actions whose planned quarter has ended, counted per agency,
 * unit and service inside the officer's subtree.
 */
import type { NextFunction, Request, Response } from 'express';
import { getAgency } from '../data/agency.js';
import type { Queryable } from '../data/engine/index.js';
import { overdueCounts } from '../data/followup.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { listUnits, subtreeUnitIds } from '../data/units.js';
import { localDate, periodOf } from '../indicators/periods.js';
import { followUpUrls } from '../urls.js';

/** The quarter label ('2026-Q4') holding a local date: actions planned before it are overdue. */
export const currentQuarter = (today: string): string => periodOf('quarter', today).label;

export interface OverdueScope {
  kind: 'agency' | 'unit' | 'service';
  code: string;
  name: string;
  count: number;
  href: string;
}

/** Overdue actions per scope inside a unit's subtree (the agency's own plans when it is the root), most first. */
export async function overdueByScope(q: Queryable, unitId: number, today: string, lang: string): Promise<{ total: number; scopes: OverdueScope[] }> {
  const rows = await overdueCounts(q, currentQuarter(today));
  if (rows.length === 0) return { total: 0, scopes: [] };
  const inside = new Set(await subtreeUnitIds(q, unitId));
  const units = new Map((await listUnits(q)).map((u) => [u.id, u]));
  const services = new Map((await listServices(q)).map((s) => [s.id, s]));
  const scopes: OverdueScope[] = [];
  for (const r of rows) {
    const count = Number(r.n);
    if (r.scope_kind === 'service') {
      const s = services.get(r.scope_id);
      if (s && inside.has(s.unit_id))
        scopes.push({ kind: 'service', code: s.code, name: nameIn(s, lang), count, href: followUpUrls.plan({ kind: 'service', code: s.code }, lang) });
      continue;
    }
    const u = units.get(r.scope_id);
    if (!u || !inside.has(u.id) || (r.scope_kind === 'agency' && u.id !== unitId)) continue;
    const target = r.scope_kind === 'agency' ? ({ kind: 'agency' } as const) : ({ kind: 'unit', code: u.code } as const);
    scopes.push({ kind: r.scope_kind, code: u.code, name: nameIn(u, lang), count, href: followUpUrls.plan(target, lang) });
  }
  scopes.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { total: scopes.reduce((s, x) => s + x.count, 0), scopes };
}

/**
 * Puts `followUpOverdue` (overdueByScope of the signed-in officer) on res.locals for the dashboard
 * overview, whose view shows it with views/followup/_overdue.ejs. Anonymous requests pass through.
 */
export function overdueLocals(q: Queryable) {
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    const officer = res.locals.officer;
    if (!officer) return next();
    const agency = await getAgency(q);
    if (agency) res.locals.followUpOverdue = await overdueByScope(q, officer.unitId, localDate(new Date(), agency.time_zone), res.locals.lang);
    next();
  };
}
