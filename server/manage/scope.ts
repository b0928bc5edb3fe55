import type { Officer } from '../auth/index.js';
import type { Queryable } from '../data/engine/index.js';
import { getServiceByCode, type Service } from '../data/services.js';
import { getUnitByCode, subtreeUnitIds, type Unit } from '../data/units.js';
import { HttpError } from '../errors.js';

// What a signed-in officer may manage, checked on every page and every post (never trusted from
// the form): an admin (on the root unit) everything; a manager their unit's subtree; a viewer nothing.

export interface ManageScope {
  officer: Officer;
  admin: boolean;
  /** the officer's unit and every unit below it */
  unitIds: Set<number>;
}

function scopeOf(officer: Officer, unitIds: number[]): ManageScope {
  return { officer, admin: officer.role === 'admin', unitIds: new Set(unitIds) };
}

function mayManage(officer: Officer): void {
  if (officer.role !== 'admin' && officer.role !== 'manager') throw new HttpError(403);
}

/** @throws HttpError(403) for a viewer. */
export async function loadScope(q: Queryable, officer: Officer): Promise<ManageScope> {
  mayManage(officer);
  return scopeOf(officer, await subtreeUnitIds(q, officer.unitId));
}

export const holdsUnit = (scope: ManageScope, unitId: number | null | undefined): boolean =>
  unitId !== null && unitId !== undefined && scope.unitIds.has(unitId);

/** The unit named in a URL: 404 unknown, 403 outside the officer's subtree. */
export async function unitInScope(q: Queryable, scope: ManageScope, code: string): Promise<Unit> {
  const unit = await getUnitByCode(q, code);
  if (!unit) throw new HttpError(404);
  if (!holdsUnit(scope, unit.id)) throw new HttpError(403);
  return unit;
}

/** The service named in a URL: 404 unknown, 403 when its unit is outside the officer's subtree. */
export async function serviceInScope(q: Queryable, scope: ManageScope, code: string): Promise<Service> {
  const service = await getServiceByCode(q, code);
  if (!service) throw new HttpError(404);
  if (!holdsUnit(scope, service.unit_id)) throw new HttpError(403);
  return service;
}
