import type { Request, Response } from 'express';
import { signedIn } from '../auth/index.js';
import { countEntriesSince, storeEntry } from '../data/assisted.js';
import { elementTexts } from '../data/elements.js';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { emptyValues } from '../survey/validate.js';
import { isWay } from '../vocabulary/assisted.js';
import { assistedUrls } from '../urls.js';
import { entryErrorList, entryFormModel } from './entry-model.js';
import { validateInterview, type InterviewValues } from './interview.js';
import { agencyOf, newFormKey, renderAssisted, todayIn } from './page.js';
import { entryScope, serviceOf } from './scope.js';
import type { SurveyErrors } from '../survey/validate.js';
import type { Service } from '../data/services.js';

//   GET       /manage/entry                     the services one may enter interviews for (an enumerator's home)
//   GET|POST  /manage/services/:code/entry      the desk form: saved -> 303 back to an empty form (way and date kept)

const DAY_MS = 86_400_000;

export function entryPages(store: Database) {
  async function showForm(req: Request, res: Response, service: Service, values: InterviewValues, errors: SurveyErrors, status: number): Promise<void> {
    const { lang, t } = res.locals;
    const elements = await elementTexts(store, lang);
    const today = todayIn(await agencyOf(store));
    const saved = status === 200 && req.query.saved === '1';
    renderAssisted(
      res,
      'entry',
      {
        title: t('assisted.entry.title', { service: nameIn(service, lang) }),
        serviceName: nameIn(service, lang),
        action: assistedUrls.entry(service.code, lang),
        importHref: assistedUrls.import(service.code, lang),
        today,
        saved: saved
          ? { unrated: req.query.unrated === '1', count: await countEntriesSince(store, signedIn(res).userId, service.id, new Date(Date.now() - DAY_MS)) }
          : null,
        form: entryFormModel(t, elements, values, errors),
        errorList: entryErrorList(t, elements, errors),
      },
      status,
    );
  }

  return {
    list: async (req: Request, res: Response): Promise<void> => {
      const { lang, t } = res.locals;
      const scope = await entryScope(store, res);
      renderAssisted(res, 'entry-list', {
        title: t('assisted.list.title'),
        services: scope.services.map((s) => ({
          code: s.code,
          name: nameIn(s, lang),
          active: s.active === 1,
          entry: assistedUrls.entry(s.code, lang),
          import: assistedUrls.import(s.code, lang),
        })),
      });
    },

    form: async (req: Request, res: Response): Promise<void> => {
      const scope = await entryScope(store, res);
      const service = await serviceOf(store, scope, req);
      const way = typeof req.query.way === 'string' && isWay(req.query.way) ? req.query.way : '';
      const date = typeof req.query.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(req.query.date) ? req.query.date : todayIn(await agencyOf(store));
      await showForm(req, res, service, { survey: emptyValues(newFormKey()), way, date }, {}, 200);
    },

    save: async (req: Request, res: Response): Promise<void> => {
      const { lang } = res.locals;
      const scope = await entryScope(store, res);
      const service = await serviceOf(store, scope, req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const result = validateInterview(body, todayIn(await agencyOf(store)));
      if (!result.ok) {
        if (result.values.survey.idem === '') result.values.survey.idem = newFormKey();
        return showForm(req, res, service, result.values, result.errors, 422);
      }
      const stored = await storeEntry(store, result.interview, { serviceId: service.id, officerId: scope.officer.userId, lang, enteredAt: new Date() });
      const { way, date } = result.interview;
      res.redirect(303, assistedUrls.entry(service.code, lang, { way, date, saved: '1', unrated: stored.unrated ? '1' : undefined }));
    },
  };
}
