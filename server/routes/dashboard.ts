import { Router, type Request, type Response } from 'express';
import type { Database } from '../data/engine/index.js';
import { covers, type Principal } from '../access.js';
import { getAgency } from '../data/agency.js';
import { nameIn } from '../data/names.js';
import { getUnit, listUnits } from '../data/units.js';
import { dateBounds } from '../data/bounds.js';
import { HttpError } from '../errors.js';
import { filterOptions, filterQs, parseFilters } from '../dashboard/filters.js';
import { attention, overview, parseSort, sortRows, type SortKey } from '../dashboard/overview.js';
import { groupCharts, scopePageModel } from '../dashboard/scope-page.js';
import { chainIn, resolveScope, scopeName, type Scope, type ScopeKind } from '../results/scope.js';
import { requireOfficer } from '../auth/index.js';

//   GET /dashboard                      the officer's whole scope: units and services, what needs attention
//   GET /dashboard/units/:code          one unit's subtree
//   GET /dashboard/services/:code       one service
// Filters in the query string (period | from+to, channel, group), so every view can be bookmarked.

interface Officer {
  unitId: number;
  role: string;
}

export function dashboardRoutes(store: Database): Router {
  const router = Router();

  async function agencyOf() {
    const agency = await getAgency(store);
    if (!agency) throw new HttpError(404);
    return agency;
  }

  /** The officer's own scope: the agency for an admin on the root, else their unit's subtree. */
  async function officerScope(officer: Officer): Promise<Scope> {
    const unit = await getUnit(store, officer.unitId);
    const scope = unit?.parent_id === null ? await resolveScope(store, 'agency') : unit ? await resolveScope(store, 'unit', unit.code) : undefined;
    if (!scope) throw new HttpError(403);
    return scope;
  }

  async function common(req: Request, res: Response, path: string) {
    const { t } = res.locals;
    const agency = await agencyOf();
    const filters = parseFilters(req.query, agency.time_zone, t, new Date(), await dateBounds(store));
    return { agency, filters, filterOptions: filterOptions(t, agency.time_zone), filterAction: path };
  }

  router.get('/dashboard', requireOfficer, async (req, res) => {
    const { t, lang } = res.locals;
    const officer = res.locals.officer as Officer;
    const scope = await officerScope(officer);
    const c = await common(req, res, '/dashboard');
    const sort = parseSort(req.query.sort, req.query.dir);
    const model: Record<string, unknown> = { ...c, title: t('dashboard.title'), scopeName: scopeName(scope, lang), headline: null, sort };
    if (c.filters.query) {
      const { headline, rows } = await overview(store, scope, c.filters.query, c.filters.label, lang, c.agency.min_group_size);
      const services = sortRows(
        rows.filter((r) => r.kind === 'service'),
        sort,
        lang,
      );
      const byIkm = sortRows(services, { key: 'ikm', dir: 'desc' }, lang).filter((r) => r.ikm !== null);
      const sortHref = (key: SortKey) => {
        const dir = sort.key === key && sort.dir === 'desc' ? 'asc' : sort.key === key ? 'desc' : key === 'name' ? 'asc' : 'desc';
        const qs = filterQs(c.filters.values);
        return `/dashboard${qs ? `${qs}&` : '?'}sort=${key}&dir=${dir}&lang=${lang}`;
      };
      Object.assign(model, {
        headline,
        units: rows.filter((r) => r.kind === 'unit'),
        services,
        attention: attention(rows),
        extraHidden: { sort: sort.key, dir: sort.dir },
        columns: [
          { key: 'name', label: t('dashboard.service'), sort: true },
          { key: 'n', label: t('dashboard.n'), sort: true, num: true },
          { key: 'ikm', label: 'IKM', sort: true, num: true },
          { key: 'grade', label: t('dashboard.grade') },
          { key: 'margin', label: t('dashboard.margin'), sort: true, num: true },
          { key: 'attainment', label: t('dashboard.attainment'), sort: true, num: true },
          { key: 'delta', label: t('dashboard.trend.label'), sort: true },
          { key: 'sample', label: t('dashboard.sample.label') },
        ].map((col) => ({ ...col, href: col.sort ? sortHref(col.key as SortKey) : null })),
        chart: {
          type: 'bar',
          horizontal: true,
          min: 25,
          max: 100,
          bands: [65, 76.61, 88.31],
          labels: byIkm.map((r) => r.name),
          datasets: [
            { label: 'IKM', data: byIkm.map((r) => r.ikm) },
            { label: t('dashboard.target'), data: byIkm.map((r) => r.target) },
          ],
        },
      });
    } else res.status(400);
    res.render('dashboard/overview', model);
  });

  function scopePage(kind: ScopeKind) {
    return async (req: Request, res: Response): Promise<void> => {
      const { t, lang } = res.locals;
      const officer = res.locals.officer as Officer;
      const scope = await resolveScope(store, kind, String(req.params.code));
      if (!scope) throw new HttpError(404);
      const who: Principal = { kind: 'officer', unitId: officer.unitId };
      if (!(await covers(store, who, scope))) throw new HttpError(403);
      const path = `/dashboard/${kind}s/${scope.code}`;
      const c = await common(req, res, path);
      const search = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
      const page = Math.max(1, Math.min(10_000, Number.parseInt(typeof req.query.page === 'string' ? req.query.page : '1', 10) || 1));
      const units = new Map((await listUnits(store)).map((u) => [u.id, u]));
      const crumbs = chainIn(units, scope.unitId)
        .reverse()
        // the officer holds a crumb when their own unit is that unit or above it in the chain (root first)
        .filter((u, i, chain) => (kind === 'unit' ? u.id !== scope.unitId : true) && chain.slice(0, i + 1).some((a) => a.id === who.unitId))
        .map((u) => ({ code: u.code, name: nameIn(u, lang) }));
      const m = c.filters.query
        ? await scopePageModel(store, scope, c.filters.query, c.filters.label, { lang, t, k: c.agency.min_group_size, search, page })
        : null;
      if (!m) res.status(400);
      const commentsPage = (p: number) => {
        const qs = filterQs(c.filters.values);
        return `${path}${qs ? `${qs}&` : '?'}q=${encodeURIComponent(search)}&page=${p}&lang=${lang}#h-comments`;
      };
      res.render('dashboard/scope', {
        ...c,
        title: scopeName(scope, lang),
        scopeName: scopeName(scope, lang),
        kind,
        code: scope.code,
        crumbs,
        m,
        groupCharts,
        commentsPage,
      });
    };
  }

  router.get('/dashboard/units/:code', requireOfficer, scopePage('unit'));
  router.get('/dashboard/services/:code', requireOfficer, scopePage('service'));
  return router;
}
