import type { Request, Response } from 'express';
import { nameIn } from '../data/names.js';
import { getUnit } from '../data/units.js';
import { targetWords } from './inherited.js';
import { href, loadContext, render, type ManageDeps } from './page.js';
import { manageTree } from './tree.js';

// /manage: the units and services the officer holds, each with its edit, profile and population
// links, and its target in words (its own, or what it follows from the unit above).

export function indexPage({ store }: ManageDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const c = await loadContext(store, req, res);
    const own = await getUnit(store, c.scope.officer.unitId);
    const q = href('', c.lang);
    const words = { t: c.t, num: res.locals.num };
    const tree = (await manageTree(store, c.scope, c.lang)).map((u) => ({
      ...u,
      indent: Math.min(u.depth, 4),
      targetText: targetWords(words, u.target, u.inherited, u.root),
      href: href(`/manage/units/${u.code}`, c.lang),
      links: [
        { href: href(`/manage/units/${u.code}/profile`, c.lang), text: c.t('manage.tree.profile') },
        { href: href(`/manage/units/${u.code}/populations`, c.lang), text: c.t('manage.tree.populations') },
        { href: href('/manage/units/new', c.lang, { parent: u.code }), text: c.t('manage.tree.add_unit') },
        { href: href('/manage/services/new', c.lang, { unit: u.code }), text: c.t('manage.tree.add_service') },
      ],
      services: u.services.map((s) => ({
        ...s,
        indent: Math.min(u.depth + 1, 4),
        targetText: targetWords(words, s.target, s.inherited, false),
        href: href(`/manage/services/${s.code}`, c.lang),
        links: [
          { href: href(`/manage/services/${s.code}/profile`, c.lang), text: c.t('manage.tree.profile') },
          { href: href(`/manage/services/${s.code}/populations`, c.lang), text: c.t('manage.tree.populations') },
        ],
      })),
    }));
    render(req, res, 'index', {
      title: c.t('manage.title'),
      scopeName: own ? nameIn(own, c.lang) : '',
      tree,
      admin: c.scope.admin,
      q,
    });
  };
}
