import { Router } from 'express';
import { getAgency } from '../data/agency.js';
import { getAgencyFooter } from '../data/agency-footer.js';
import { elementTexts } from '../data/elements.js';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { listUnits } from '../data/units.js';
import { buildTree, flatten } from '../data/tree.js';
import { languageLinks } from '../i18n.js';
import { footerModel } from '../survey/footer.js';
import { resultsUrl, surveyUrl } from '../urls.js';
import { durationWords, questionCount } from '../survey/time-estimate.js';

/** GET /: the agency's active services, grouped by unit, each linking to its survey; how long the survey takes; the agency footer. */
export function homeRoutes(store: Database): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const { lang, t } = res.locals;
    const [agency, units, services] = [await getAgency(store), await listUnits(store), await listServices(store)];
    const [elements, footer] = [(await elementTexts(store, lang)).length, await getAgencyFooter(store)];
    const tree = flatten(
      buildTree(
        units.filter((u) => u.active),
        services.filter((s) => s.active === 1),
      ),
    );
    const groups = tree
      .filter((n) => n.services.length > 0)
      .map((n) => ({
        unit: nameIn(n.unit, lang),
        depth: n.depth,
        // a published service's results page sits beside its survey (server/routes/results.ts)
        services: n.services.map((s) => ({
          code: s.code,
          name: nameIn(s, lang),
          href: surveyUrl(s.code, { lang }),
          resultsHref: s.published === 1 ? resultsUrl({ kind: 'service', code: s.code }, { lang }) : null,
        })),
      }));
    res.render('home', {
      agency: agency ? nameIn(agency, lang) : null,
      agencyResultsHref: units.some((u) => u.parent_id === null && u.published === 1 && u.active === 1) ? resultsUrl({ kind: 'agency' }, { lang }) : null,
      groups,
      languages: languageLinks('/', lang),
      duration: durationWords(t, questionCount(elements)),
      footer: footerModel(footer, lang),
    });
  });
  return router;
}
