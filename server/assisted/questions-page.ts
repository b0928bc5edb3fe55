import type { Request, Response } from 'express';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { getServiceByCode } from '../data/services.js';
import { setAskEndState } from '../data/service-questions.js';
import { auditedUpdate } from '../manage/audited.js';
import type { PageCache } from '../survey/page-cache.js';
import { assistedUrls, manageUrls } from '../urls.js';
import { renderAssisted } from './page.js';
import { decideScope, serviceOf } from './scope.js';

// A service's optional questions: "how did your visit end?" (off by default). Admins and unit
// managers of the service's subtree; the change is audited and clears the cached survey pages.

export function questionsPage(store: Database, surveyPages: PageCache) {
  return {
    show: async (req: Request, res: Response): Promise<void> => {
      const { lang, t } = res.locals;
      const scope = await decideScope(store, res);
      const service = await serviceOf(store, scope, req);
      renderAssisted(res, 'questions', {
        title: t('endstate.page.title', { service: nameIn(service, lang) }),
        action: assistedUrls.questions(service.code, lang),
        serviceHref: manageUrls.scope('service', service.code, lang),
        ask: service.ask_end_state === 1,
        saved: req.query.saved === '1',
        states: ['full', 'partial', 'not_served', 'gave_up', 'na'].map((s) => t(`profile.endstate.options.${s}`)),
      });
    },

    save: async (req: Request, res: Response): Promise<void> => {
      const { lang } = res.locals;
      const scope = await decideScope(store, res);
      const service = await serviceOf(store, scope, req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const ask = body.ask_end_state !== undefined && body.ask_end_state !== '';
      const changed = await auditedUpdate(store, scope.actor, {
        entity: { kind: 'service', id: service.id, code: service.code },
        before: async (tx) => ({ ask_end_state: (await getServiceByCode(tx, service.code))?.ask_end_state === 1 }),
        after: () => Promise.resolve({ ask_end_state: ask }),
        write: (tx) => setAskEndState(tx, service.id, ask),
      });
      if (changed) surveyPages.clear();
      res.redirect(303, assistedUrls.questions(service.code, lang, { saved: '1' }));
    },
  };
}
