import type { Request, Response } from 'express';
import { covers } from '../access.js';
import { signedIn, type Officer } from '../auth/index.js';
import { getAgency, type Agency } from '../data/agency.js';
import { dateBounds } from '../data/bounds.js';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { getUnit } from '../data/units.js';
import { describeFilters, parseFilters, type Filters, type FilterWords } from '../dashboard/filters.js';
import { HttpError } from '../errors.js';
import type { Localized } from '../i18n.js';
import { minGroupSize } from '../indicators/groups.js';
import { localDate } from '../indicators/periods.js';
import type { ResultsQuery } from '../results/compute.js';
import { resolveScope, scopeName, type Scope, type ScopeKind } from '../results/scope.js';

// Everything an export needs before it writes a byte: the officer, the scope (403 outside the
// officer's subtree, 404 unknown), the agency, the dashboard's filters parsed exactly as the
// dashboard parses them (400 when they are wrong), the k rule's k and the language.

export interface ExportContext {
  officer: Officer;
  agency: Agency;
  scope: Scope;
  /** the services the file covers, in the order rows are written */
  serviceIds: number[];
  serviceNames: Map<number, { code: string; name: string }>;
  filters: Filters;
  q: ResultsQuery;
  shown: FilterWords;
  k: number;
  l: Localized;
  today: string;
}

/** The officer's own scope, as /dashboard shows it: the agency for an officer of the root unit, else their unit's subtree. */
async function ownScope(store: Database, officer: Officer): Promise<Scope | undefined> {
  const unit = await getUnit(store, officer.unitId);
  if (!unit) return undefined;
  return unit.parent_id === null ? resolveScope(store, 'agency') : resolveScope(store, 'unit', unit.code);
}

/** `kind` 'agency' stands for the officer's own scope (the /exports/... paths without a unit or service). */
export async function exportContext(store: Database, req: Request, res: Response, kind: ScopeKind): Promise<ExportContext> {
  const officer = signedIn(res);
  const l: Localized = res.locals;
  const scope = kind === 'agency' ? await ownScope(store, officer) : await resolveScope(store, kind, String(req.params.code));
  if (!scope) throw new HttpError(kind === 'agency' ? 403 : 404);
  if (!(await covers(store, { kind: 'officer', unitId: officer.unitId }, scope))) throw new HttpError(403);
  const agency = await getAgency(store);
  if (!agency) throw new HttpError(404);
  const now = new Date();
  const filters = parseFilters(req.query, agency.time_zone, l.t, now, await dateBounds(store));
  if (!filters.query) throw new HttpError(400, 'exports.errors.filters', { error: filters.error ?? '' });
  const services = await listServices(store);
  const inScope = services.filter((s) => scope.serviceIds === null || scope.serviceIds.includes(s.id));
  return {
    officer,
    agency,
    scope,
    serviceIds: inScope.map((s) => s.id),
    serviceNames: new Map(services.map((s) => [s.id, { code: s.code, name: nameIn(s, l.lang) }])),
    filters,
    q: filters.query,
    shown: describeFilters(filters, l, agency.time_zone, now),
    k: minGroupSize(agency.min_group_size),
    l,
    today: localDate(now, agency.time_zone),
  };
}

/** The scope's name in the request's language. */
export const contextScopeName = (c: ExportContext): string => scopeName(c.scope, c.l.lang);

/** The agency's name in the request's language. */
export const agencyName = (c: ExportContext): string => (c.l.lang === 'en' ? c.agency.name_en : c.agency.name_id);
