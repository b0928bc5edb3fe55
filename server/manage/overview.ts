import type { Request, Response } from 'express';
import { nameIn } from '../data/names.js';
import { getUnit } from '../data/units.js';
import { manageUrls } from '../urls.js';
import { targetWords } from './inherited.js';
import { loadContext, render, type ManageContext, type ManageDeps } from './page.js';
import { manageTree } from './tree.js';

// GET /manage: the units and services the officer holds, in tree order, each with its edit,
// profile and population links, its status in words, and its target in words (its own, or what it
// follows from the unit above).

const status = (c: ManageContext, x: { active: boolean; published: boolean }): string =>
  `${c.t(x.active ? 'manage.active' : 'manage.inactive')} · ${c.t(x.published ? 'manage.published' : 'manage.unpublished')}`;

export function overviewRoutes({ store }: ManageDeps) {
  return {
    show: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const { t, lang } = c;
      const own = await getUnit(store, c.scope.officer.unitId);
      const words = { t, num: c.num };
      const tree = (await manageTree(store, c.scope, lang)).map((u) => ({
        ...u,
        indent: Math.min(u.depth, 4),
        status: status(c, u),
        targetText: targetWords(words, u.target, u.inherited, u.root),
        href: manageUrls.scope('unit', u.code, lang),
        links: [
          { href: manageUrls.scope('unit', u.code, lang, 'profile'), text: t('manage.tree.profile') },
          { href: manageUrls.scope('unit', u.code, lang, 'populations'), text: t('manage.tree.populations') },
          { href: manageUrls.newUnit(lang, u.code), text: t('manage.tree.add_unit') },
          { href: manageUrls.newService(lang, u.code), text: t('manage.tree.add_service') },
        ],
        services: u.services.map((s) => ({
          ...s,
          indent: Math.min(u.depth + 1, 4),
          status: status(c, s),
          targetText: targetWords(words, s.target, s.inherited, false),
          href: manageUrls.scope('service', s.code, lang),
          links: [
            { href: manageUrls.scope('service', s.code, lang, 'profile'), text: t('manage.tree.profile') },
            { href: manageUrls.scope('service', s.code, lang, 'populations'), text: t('manage.tree.populations') },
          ],
        })),
      }));
      render(req, res, 'index', {
        title: t('manage.title'),
        intro: t('manage.tree.intro', { scope: own ? nameIn(own, lang) : '' }),
        tree,
        newUnitHref: manageUrls.newUnit(lang),
        newServiceHref: manageUrls.newService(lang),
      });
    },
  };
}
