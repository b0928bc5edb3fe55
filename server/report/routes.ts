import { Router, type Request, type Response } from 'express';
import { requireOfficer } from '../auth/index.js';
import type { Database } from '../data/engine/index.js';
import { readDrafts, REPORT_CHAPTERS, type ReportChapter } from '../data/report-drafts.js';
import { HttpError } from '../errors.js';
import { planContext, type PlanContext } from '../followup/context.js';
import { scopeKey } from '../followup/scope-key.js';
import { str, type FormErrors } from '../manage/form.js';
import { translateErrors } from '../manage/form.js';
import type { ScopeKind } from '../results/scope.js';
import { reportUrls } from '../urls.js';
import { CHAPTER_MAX, saveChapterAudited } from './chapter.js';
import { reportModel } from './model.js';

//   GET       /report, /report/units/:code, /report/services/:code      the SKM report of a scope (?period=2026-Q3), print-ready (A4);
//                                                                       a published period as published, ?figures=live its live figures
//   GET|POST  {one of the above}/chapters/:chapter                      edit a narrative chapter (introduction, collection, results, analysis, conclusion)
// Officers of the scope read (dashboards link it with a[data-report]); admins and unit managers
// edit the chapters, saved per scope, period and language, audited.

export function reportRoutes(store: Database): Router {
  const router = Router();
  router.use('/report', requireOfficer);

  const page = (kind: ScopeKind | 'own') => async (req: Request, res: Response) => {
    const c = await planContext(store, req, res, kind);
    res.render('report/report', { ...(await reportModel(store, c, res.locals, { live: req.query.figures === 'live' })), saved: req.query.saved === '1' });
  };

  function chapterOf(req: Request): ReportChapter {
    const ch = String(req.params.chapter);
    if (!(REPORT_CHAPTERS as readonly string[]).includes(ch)) throw new HttpError(404);
    return ch as ReportChapter;
  }

  async function renderChapter(res: Response, c: PlanContext, chapter: ReportChapter, body: string | null, errors: FormErrors = {}, status = 200) {
    const l = res.locals;
    const m = await reportModel(store, c, l);
    const saved = (await readDrafts(store, scopeKey(c.scope), c.period.label, l.lang))[chapter];
    const ch = m.narrative[chapter];
    res.status(status).render('report/chapter', {
      title: l.t('report.chapter_form.title', { chapter: l.t(`report.chapters.${chapter}`) }),
      scopeName: m.scopeName,
      periodName: m.periodName,
      languageName: l.t(`languages.${l.lang}`),
      body: body ?? ch.paragraphs.join('\n\n'),
      draft: saved === undefined ? ch.paragraphs : [],
      edited: saved !== undefined,
      action: reportUrls.chapter(c.target, chapter, l.lang, c.period.label),
      backHref: `${reportUrls.report(c.target, l.lang, c.period.label)}#ch-${chapter}`,
      ...translateErrors(l.t, errors),
    });
  }

  const editorContext = async (req: Request, res: Response, kind: ScopeKind | 'own') => {
    const c = await planContext(store, req, res, kind);
    if (!c.editor) throw new HttpError(403);
    return c;
  };

  for (const [path, kind] of [
    ['/report', 'own'],
    ['/report/units/:code', 'unit'],
    ['/report/services/:code', 'service'],
  ] as const) {
    router.get(path, page(kind));
    router.get(`${path}/chapters/:chapter`, async (req, res) => {
      const c = await editorContext(req, res, kind);
      await renderChapter(res, c, chapterOf(req), null);
    });
    router.post(`${path}/chapters/:chapter`, async (req, res) => {
      const c = await editorContext(req, res, kind);
      const chapter = chapterOf(req);
      const body = str((req.body ?? {}) as Record<string, unknown>, 'body', CHAPTER_MAX * 2);
      if (body.length > CHAPTER_MAX)
        return void (await renderChapter(res, c, chapter, body, { body: ['report.errors.too_long', { max: res.locals.num(CHAPTER_MAX, 0) }] }, 422));
      await saveChapterAudited(
        store,
        { userId: c.officer.userId, email: c.officer.email },
        scopeKey(c.scope),
        c.scope.code,
        c.period.label,
        chapter,
        res.locals.lang,
        body,
      );
      res.redirect(303, `${reportUrls.report(c.target, res.locals.lang, c.period.label)}&saved=1#ch-${chapter}`);
    });
  }
  return router;
}
