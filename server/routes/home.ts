import { Router } from 'express';
import type { Db } from '../db.js';
import { getAgency, listActiveServices, listUnits, nameIn } from '../data/org.js';
import { buildTree, flatten } from '../data/tree.js';
import { languageLinks } from '../i18n.js';

/** GET /: the agency's active services, grouped by unit, each linking to its survey. */
export function homeRoutes(db: Db): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const lang = res.locals.lang;
    const agency = getAgency(db);
    const tree = flatten(
      buildTree(
        listUnits(db).filter((u) => u.active),
        listActiveServices(db),
      ),
    );
    const groups = tree
      .filter((n) => n.services.length > 0)
      .map((n) => ({
        unit: nameIn(n.unit, lang),
        depth: n.depth,
        services: n.services.map((s) => ({ code: s.code, name: nameIn(s, lang) })),
      }));
    res.render('home', { agency: agency ? nameIn(agency, lang) : null, groups, languages: languageLinks('/', lang) });
  });
  return router;
}
