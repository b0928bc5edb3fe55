import type { Db } from '../db.js';
import type { Officer } from '../auth/index.js';
import { getServiceByCode, getUnitByCode, type Service, type Unit } from '../data/org.js';
import { subtreeUnitIds } from '../data/scope.js';
import { HttpError } from '../errors.js';

// What a signed-in officer may manage, checked on every page and every post (never trusted from
// the form): an admin (on the root unit) everything; a manager their unit's subtree; a viewer nothing.

export interface ManageScope {
  officer: Officer;
  admin: boolean;
  /** the officer's unit and every unit below it */
  unitIds: Set<number>;
}

/** @throws HttpError(403) for a viewer. */
export function manageScope(db: Db, officer: Officer): ManageScope {
  if (officer.role !== 'admin' && officer.role !== 'manager') throw new HttpError(403);
  return { officer, admin: officer.role === 'admin', unitIds: new Set(subtreeUnitIds(db, officer.unitId)) };
}

export const holdsUnit = (scope: ManageScope, unitId: number | null | undefined): boolean =>
  unitId !== null && unitId !== undefined && scope.unitIds.has(unitId);

/** The unit named in a URL: 404 unknown, 403 outside the officer's subtree. */
export function unitInScope(db: Db, scope: ManageScope, code: string): Unit {
  const unit = getUnitByCode(db, code);
  if (!unit) throw new HttpError(404);
  if (!holdsUnit(scope, unit.id)) throw new HttpError(403);
  return unit;
}

/** The service named in a URL: 404 unknown, 403 when its unit is outside the officer's subtree. */
export function serviceInScope(db: Db, scope: ManageScope, code: string): Service {
  const service = getServiceByCode(db, code);
  if (!service) throw new HttpError(404);
  if (!holdsUnit(scope, service.unit_id)) throw new HttpError(403);
  return service;
}
