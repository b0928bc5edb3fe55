/**
 * What every follow-up and report page starts from: the signed-in officer, the scope named in the
 * URL (404 unknown, 403 outside the officer's subtree), whether they may change it (admins and unit
 * managers; viewers read), the period (?period=, a whole month, quarter, half-year or year; default
 * the last complete quarter) and today in the agency's time zone.
 */
import type { Request, Response } from 'express';
import { covers } from '../access.js';
import { signedIn, type Officer } from '../auth/index.js';
import { getAgency, type Agency } from '../data/agency.js';
import type { Queryable } from '../data/engine/index.js';
import type { ActionRow } from '../data/followup.js';
import { listServices } from '../data/services.js';
import { getUnit } from '../data/units.js';
import { HttpError } from '../errors.js';
import type { CalendarKind, Period } from '../indicators/periods.js';
import { localDate } from '../indicators/periods.js';
import { lastCompleteQuarter } from '../results/query.js';
import { resolveScope, type Scope, type ScopeKind } from '../results/scope.js';
import type { PlanTarget } from '../urls.js';
import { calendarPeriod } from './timing.js';

export interface PlanContext {
  officer: Officer;
  agency: Agency;
  scope: Scope;
  target: PlanTarget;
  /** admins and unit managers of the scope; viewers read only */
  editor: boolean;
  period: Period & { kind: CalendarKind };
  today: string;
}

const targetOf = (scope: Scope): PlanTarget => (scope.kind === 'agency' ? { kind: 'agency' } : { kind: scope.kind, code: scope.code });

/** The officer's whole scope: the agency for an officer on the root unit, else their unit's subtree. */
async function ownScope(q: Queryable, officer: Officer): Promise<Scope> {
  const unit = await getUnit(q, officer.unitId);
  const scope = unit?.parent_id === null ? await resolveScope(q, 'agency') : unit ? await resolveScope(q, 'unit', unit.code) : undefined;
  if (!scope) throw new HttpError(403);
  return scope;
}

/** The scope an action belongs to. */
export async function scopeOfAction(q: Queryable, a: ActionRow): Promise<Scope | undefined> {
  if (a.scope_kind === 'agency') return resolveScope(q, 'agency');
  if (a.scope_kind === 'unit') {
    const unit = await getUnit(q, a.scope_id);
    return unit ? resolveScope(q, 'unit', unit.code) : undefined;
  }
  const service = (await listServices(q)).find((s) => s.id === a.scope_id);
  return service ? resolveScope(q, 'service', service.code) : undefined;
}

/** The period asked for, or the last complete quarter. @throws HttpError(400) for anything but a whole calendar period. */
function planPeriod(raw: unknown, now: Date, timeZone: string): Period & { kind: CalendarKind } {
  if (raw === undefined || raw === '') return lastCompleteQuarter(now, timeZone);
  const p = typeof raw === 'string' ? calendarPeriod(raw) : null;
  if (!p) throw new HttpError(400, 'followup.errors.period', { value: typeof raw === 'string' ? raw.slice(0, 20) : '' });
  return p;
}

/** Resolves and checks the scope of a request. kind 'own' is the officer's whole scope (/followup, /report). */
export async function planContext(
  q: Queryable,
  req: Request,
  res: Response,
  kind: ScopeKind | 'own',
  given: { scope?: Scope; period?: string } = {},
): Promise<PlanContext> {
  const officer = signedIn(res);
  const agency = await getAgency(q);
  if (!agency) throw new HttpError(404);
  let scope = given.scope;
  if (!scope) scope = kind === 'own' ? await ownScope(q, officer) : await resolveScope(q, kind, String(req.params.code));
  if (!scope) throw new HttpError(404);
  if (!(await covers(q, { kind: 'officer', unitId: officer.unitId }, scope))) throw new HttpError(403);
  const now = new Date();
  return {
    officer,
    agency,
    scope,
    target: targetOf(scope),
    editor: officer.role === 'admin' || officer.role === 'manager',
    period: planPeriod(given.period ?? req.query.period, now, agency.time_zone),
    today: localDate(now, agency.time_zone),
  };
}
