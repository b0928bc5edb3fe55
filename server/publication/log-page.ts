import type { Request, Response } from 'express';
import { signedIn } from '../auth/index.js';
import { agencyTimeZone } from '../data/agency.js';
import { dateBounds } from '../data/bounds.js';
import type { Database } from '../data/engine/index.js';
import {
  addPublication,
  firstResponseDate,
  getPublication,
  publicationsOfPeriod,
  removePublication,
  PUBLICATION_CHANNELS,
  type Publication,
} from '../data/publications.js';
import { HttpError } from '../errors.js';
import { localDate } from '../indicators/periods.js';
import { audited } from '../manage/audited.js';
import { translateErrors, type FormErrors } from '../manage/form.js';
import { publicationLogRemoveUrl, publicationLogUrl, resultsUrl } from '../urls.js';
import { checkLogEntry, logValues, NOTE_MAX, URL_MAX, type LogValues } from './log-form.js';
import { entryInScopes, logScopeOf, officerLogScopes, type LogScope } from './log-scope.js';
import { publicationWords } from './log-words.js';
import { pickablePeriods, publicPeriod } from './period.js';

// The officer page of the publication log (/manage/publication-log): for one scope and completed
// period, where and when its results were published; add and remove entries (audited, scoped).

const EMPTY: LogValues = { channel: '', electronic: '', published_on: '', url: '', note: '' };

export function publicationLogPage(store: Database, now: () => Date = () => new Date()) {
  async function context(req: Request, res: Response, source: Record<string, unknown>) {
    const officer = signedIn(res);
    if (officer.role !== 'admin' && officer.role !== 'manager') throw new HttpError(403);
    const lang = res.locals.lang;
    const scopes = await officerLogScopes(store, officer, lang);
    const key = typeof source.scope === 'string' && source.scope !== '' ? source.scope : (scopes[0]?.key ?? '');
    const scope = await logScopeOf(store, scopes, key);
    const tz = await agencyTimeZone(store);
    const at = now();
    const bounds = await dateBounds(store, at);
    const choice = publicPeriod(source.period === '' ? undefined : source.period, tz, at, bounds);
    if (!choice.ok) throw new HttpError(400, choice.key, choice.params);
    return { officer, lang, scopes, scope, period: choice.period, today: localDate(at, tz), tz, at, firstDate: await firstResponseDate(store) };
  }
  type Ctx = Awaited<ReturnType<typeof context>>;

  async function model(res: Response, c: Ctx, values: LogValues, errors: FormErrors) {
    const l = res.locals;
    const entries = await publicationsOfPeriod(store, c.scope.store, c.period.label);
    const periods = pickablePeriods(c.tz, c.at, c.firstDate);
    return {
      title: l.t('publication.log.title'),
      scopeOptions: c.scopes.map((s) => ({ value: s.key, label: s.label, selected: s.key === c.scope.key })),
      periodGroups: (['quarter', 'semester', 'year', 'month'] as const)
        .map((kind) => ({
          label: l.t(`public.picker.${kind}`),
          options: periods[kind].map((p) => ({ value: p.label, label: l.period(p.from, p.to), selected: p.label === c.period.label })),
        }))
        .filter((g) => g.options.length),
      chosen: { scope: c.scope.key, period: c.period.label, periodWords: l.period(c.period.from, c.period.to), scopeName: c.scope.label.trim() },
      publicHref: c.scope.published
        ? resultsUrl(c.scope.kind === 'agency' ? { kind: 'agency' } : { kind: c.scope.kind, code: c.scope.code }, { period: c.period.label, lang: l.lang })
        : null,
      entries: entries.map((p) => ({ ...publicationWords(p, l), remove: publicationLogRemoveUrl(p.id, l.lang) })),
      channels: PUBLICATION_CHANNELS.map((ch) => ({ value: ch, label: l.t(`publication.channels.${ch}`) })),
      action: publicationLogUrl(l.lang),
      today: c.today,
      limits: { note: NOTE_MAX, url: URL_MAX },
      values,
      saved: Object.keys(errors).length === 0 && (res.req.query.saved === '1' ? 'saved' : res.req.query.saved === 'removed' ? 'removed' : null),
      ...translateErrors(l.t, errors),
    };
  }

  const details = (p: Publication, scope: LogScope) => ({
    scope: scope.key,
    period: p.period,
    channel: p.channel,
    electronic: p.electronic === 1,
    published_on: p.published_on,
    url: p.url,
    note: p.note,
  });

  return {
    show: async (req: Request, res: Response): Promise<void> => {
      const c = await context(req, res, req.query);
      res.set('Cache-Control', 'no-store').render('results/log', await model(res, c, { ...EMPTY, published_on: c.today }, {}));
    },

    add: async (req: Request, res: Response): Promise<void> => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const c = await context(req, res, body);
      const values = logValues(body);
      const checked = checkLogEntry(values, c.period, c.today);
      if (!checked.ok)
        return void res
          .status(422)
          .set('Cache-Control', 'no-store')
          .render('results/log', await model(res, c, values, checked.errors));
      const e = checked.entry;
      await audited(store, { userId: c.officer.userId, email: c.officer.email }, async (tx) => {
        const id = await addPublication(tx, {
          scope: c.scope.store,
          period: c.period.label,
          periodFrom: c.period.from,
          periodTo: c.period.to,
          channel: e.channel,
          electronic: e.electronic,
          publishedOn: e.publishedOn,
          url: e.url,
          note: e.note,
          createdBy: c.officer.userId,
        });
        const entry = {
          scope: c.scope.key,
          period: c.period.label,
          channel: e.channel,
          electronic: e.electronic,
          published_on: e.publishedOn,
          url: e.url,
          note: e.note,
        };
        return {
          result: id,
          audit: [{ action: 'publication_log.add', entity: { kind: 'publication', id, code: c.scope.key }, details: { after: entry } }],
        };
      });
      res.redirect(303, publicationLogUrl(c.lang, { scope: c.scope.key, period: c.period.label, saved: '1' }));
    },

    remove: async (req: Request, res: Response): Promise<void> => {
      const officer = signedIn(res);
      if (officer.role !== 'admin' && officer.role !== 'manager') throw new HttpError(403);
      const id = Number(req.params.id);
      const entry = Number.isSafeInteger(id) && id > 0 ? await getPublication(store, id) : undefined;
      if (!entry) throw new HttpError(404);
      const scopes = await officerLogScopes(store, officer, res.locals.lang);
      const scope = entryInScopes(entry, scopes);
      if (!scope) throw new HttpError(403);
      await audited(store, { userId: officer.userId, email: officer.email }, async (tx) => {
        const removed = await removePublication(tx, id);
        const audit = removed
          ? [{ action: 'publication_log.remove', entity: { kind: 'publication', id, code: scope.key }, details: { before: details(entry, scope) } }]
          : [];
        return { result: removed, audit };
      });
      res.redirect(303, publicationLogUrl(res.locals.lang, { scope: scope.key, period: entry.period, saved: 'removed' }));
    },
  };
}
