import { Router, type Request, type Response } from 'express';
import type { Database } from '../data/engine/index.js';
import { covers, type Principal } from '../access.js';
import { getAgency } from '../data/agency.js';
import { nameIn } from '../data/names.js';
import { getUnit, listUnits } from '../data/units.js';
import { dateBounds } from '../data/bounds.js';
import { HttpError } from '../errors.js';
import { localDate } from '../indicators/periods.js';
import { describeFilters, filterOptions, parseFilters } from '../dashboard/filters.js';
import { dashboardHref, dashboardPath } from '../urls.js';
import { overviewPageModel, parseSort } from '../dashboard/overview-page.js';
import { scopePageModel } from '../dashboard/scope-page.js';
import { dashboardActions } from '../dashboard/actions.js';
import { counterSection } from '../reach/counter-section.js';
import { chainIn, resolveScope, scopeName, type Scope, type ScopeKind } from '../results/scope.js';
import { requireOfficer, signedIn, type Officer } from '../auth/index.js';

//   GET /dashboard                      the officer's whole scope: headline, what needs attention, the unit tree, services ranked
//   GET /dashboard/units/:code          one unit's subtree
//   GET /dashboard/services/:code       one service
// Filters in the query string (period | from+to, channel, group), so every view can be bookmarked.

export function dashboardRoutes(store: Database): Router {
  const router = Router();

  /** The officer's own scope: the agency for an admin on the root, else their unit's subtree. */
  async function officerScope(officer: Officer): Promise<Scope> {
    const unit = await getUnit(store, officer.unitId);
    const scope = unit?.parent_id === null ? await resolveScope(store, 'agency') : unit ? await resolveScope(store, 'unit', unit.code) : undefined;
    if (!scope) throw new HttpError(403);
    return scope;
  }

  /** What every dashboard page needs: the agency, the parsed filters and their words, the form's choices. */
  async function common(req: Request, res: Response, path: string, scope: Scope) {
    const l = res.locals;
    const agency = await getAgency(store);
    if (!agency) throw new HttpError(404);
    const now = new Date();
    const filters = parseFilters(req.query, agency.time_zone, l.t, now, await dateBounds(store));
    const shown = describeFilters(filters, l, agency.time_zone, now);
    const name = scopeName(scope, l.lang);
    const title = [name, shown.period, shown.filtered ? `${l.t('dashboard.shown.filtered')}: ${shown.narrowed}` : ''].filter(Boolean).join(' · ');
    return {
      agency,
      filters,
      shown,
      today: localDate(now, agency.time_zone),
      filterOptions: filterOptions(l, agency.time_zone, now, filters.values),
      filterAction: path,
      scopeName: name,
      title,
    };
  }

  router.get('/dashboard', requireOfficer, async (req, res) => {
    const l = res.locals;
    const scope = await officerScope(signedIn(res));
    const c = await common(req, res, dashboardPath({ kind: 'agency' }), scope);
    const sort = parseSort(req.query.sort, req.query.dir);
    const m = await overviewPageModel(store, scope, c.filters, c.shown, sort, l, c.agency.min_group_size);
    if (!m) res.status(400);
    const actions = dashboardActions({
      target: { kind: 'agency' },
      filters: c.filters,
      shown: c.shown,
      role: signedIn(res).role,
      l,
      k: c.agency.min_group_size,
    }); // views/dashboard/_actions.ejs
    res.render('dashboard/overview', { ...c, m, extraHidden: { sort: sort.key, dir: sort.dir }, actions });
  });

  function scopePage(kind: ScopeKind) {
    return async (req: Request, res: Response): Promise<void> => {
      const l = res.locals;
      const officer = signedIn(res);
      const scope = await resolveScope(store, kind, String(req.params.code));
      if (!scope) throw new HttpError(404);
      const who: Principal = { kind: 'officer', unitId: officer.unitId };
      if (!(await covers(store, who, scope))) throw new HttpError(403);
      const path = dashboardPath({ kind, code: scope.code });
      const c = await common(req, res, path, scope);
      const search = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
      const page = Math.max(1, Math.min(10_000, Number.parseInt(typeof req.query.page === 'string' ? req.query.page : '1', 10) || 1));
      const units = new Map((await listUnits(store)).map((u) => [u.id, u]));
      const crumbs = chainIn(units, scope.unitId)
        .reverse()
        // the officer holds a crumb when their own unit is that unit or above it in the chain (root first)
        .filter((u, i, chain) => (kind === 'unit' ? u.id !== scope.unitId : true) && chain.slice(0, i + 1).some((a) => a.id === who.unitId))
        .map((u) => ({ href: dashboardHref({ kind: 'unit', code: u.code }, c.filters.qs, l.lang), name: nameIn(u, l.lang) }));
      const m = await scopePageModel(store, scope, c.filters, c.shown, { l, k: c.agency.min_group_size, search, page, today: c.today });
      if (!m) res.status(400);
      res.render('dashboard/scope', {
        ...c,
        kind,
        code: scope.code,
        home: dashboardHref({ kind: 'agency' }, c.filters.qs, l.lang),
        crumbs,
        m,
        counters: m && (await counterSection(store, scope, c.filters.query, l, c.agency.min_group_size, officer)), // views/dashboard/_counters.ejs
        actions: dashboardActions({
          target: { kind, code: scope.code },
          filters: c.filters,
          shown: c.shown,
          role: officer.role,
          l,
          k: c.agency.min_group_size,
          search,
        }), // views/dashboard/_actions.ejs
      });
    };
  }

  router.get('/dashboard/units/:code', requireOfficer, scopePage('unit'));
  router.get('/dashboard/services/:code', requireOfficer, scopePage('service'));
  return router;
}
