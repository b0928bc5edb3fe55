import type { Request, Response } from 'express';
import { nameIn } from '../data/names.js';
import { getUnit } from '../data/units.js';
import { href, loadContext, render, type ManageDeps } from './page.js';
import { manageTree } from './tree.js';

// /manage: the units and services the officer holds, each with its edit, profile and population links.

export function indexPage({ store }: ManageDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const c = await loadContext(store, req, res);
    const own = await getUnit(store, c.scope.officer.unitId);
    render(req, res, 'index', {
      title: c.t('manage.title'),
      scopeName: own ? nameIn(own, c.lang) : '',
      tree: await manageTree(store, c.scope, c.lang),
      admin: c.scope.admin,
      q: href('', c.lang),
    });
  };
}
