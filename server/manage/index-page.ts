import type { Request, Response } from 'express';
import { getUnit, nameIn } from '../data/org.js';
import { href, manageContext, render, type ManageDeps } from './page.js';
import { manageTree } from './tree.js';

// /manage: the units and services the officer holds, each with its edit, profile and population links.

export function indexPage({ db }: ManageDeps) {
  return (req: Request, res: Response): void => {
    const c = manageContext(db, req, res);
    const own = getUnit(db, c.scope.officer.unitId);
    render(req, res, 'index', {
      title: c.t('manage.title'),
      scopeName: own ? nameIn(own, c.lang) : '',
      tree: manageTree(db, c.scope, c.lang),
      admin: c.scope.admin,
      q: href('', c.lang),
    });
  };
}
