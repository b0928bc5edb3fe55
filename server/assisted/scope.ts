import type { Request, Response } from 'express';
import { signedIn, type Officer } from '../auth/index.js';
import type { AuditActor } from '../data/audit.js';
import type { Queryable } from '../data/engine/index.js';
import { getServiceByCode, listServices, type Service } from '../data/services.js';
import { subtreeUnitIds } from '../data/units.js';
import { HttpError } from '../errors.js';

// Who may do what here (issue 10): admins and unit managers enter interviews, import paper
// questionnaires and decide on suspicious responses in their subtree; an enumerator only enters and
// imports, in its own subtree. Checked on every page and post, never taken from the form.

export interface EntryScope {
  officer: Officer;
  actor: AuditActor;
  unitIds: Set<number>;
  /** the services of the subtree, in display order */
  services: Service[];
}

const ENTRY_ROLES = new Set(['admin', 'manager', 'enumerator']);
const DECIDE_ROLES = new Set(['admin', 'manager']);

async function scopeOf(q: Queryable, officer: Officer): Promise<EntryScope> {
  const unitIds = new Set(await subtreeUnitIds(q, officer.unitId));
  const services = (await listServices(q)).filter((s) => unitIds.has(s.unit_id));
  return { officer, actor: { userId: officer.userId, email: officer.email }, unitIds, services };
}

/** For entry and import: 403 for a viewer. */
export async function entryScope(q: Queryable, res: Response): Promise<EntryScope> {
  const officer = signedIn(res);
  if (!ENTRY_ROLES.has(officer.role)) throw new HttpError(403);
  return scopeOf(q, officer);
}

/** For the quarantine: admins and unit managers only. */
export async function decideScope(q: Queryable, res: Response): Promise<EntryScope> {
  const officer = signedIn(res);
  if (!DECIDE_ROLES.has(officer.role)) throw new HttpError(403);
  return scopeOf(q, officer);
}

/** The service named in the URL: 404 unknown, 403 outside the officer's subtree. */
export async function serviceOf(q: Queryable, scope: EntryScope, req: Request): Promise<Service> {
  const service = await getServiceByCode(q, String(req.params.code));
  if (!service) throw new HttpError(404);
  if (!scope.unitIds.has(service.unit_id)) throw new HttpError(403);
  return service;
}

export const mayDecide = (officer: Officer): boolean => DECIDE_ROLES.has(officer.role);
