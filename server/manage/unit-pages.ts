import type { Request, Response } from 'express';
import { getUnit, getUnitByCode, nameIn, type Unit } from '../data/org.js';
import { subtreeUnitIds } from '../data/scope.js';
import { createUnitAudited, updateUnitAudited } from './org-actions.js';
import { href, manageContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from './page.js';
import { holdsUnit, unitInScope } from './scope.js';
import { unitOptions } from './tree.js';
import { checkUnit, parentFixed, unitRowValues, unitValues, type UnitValues } from './unit-form.js';

// Units: create, rename, recode, move, (de)activate, publish, target.

export function unitPages({ db, surveyPages }: ManageDeps) {
  function model(c: ManageContext, values: UnitValues, unit?: Unit) {
    const { t, lang, scope } = c;
    const fixed = parentFixed(scope, unit);
    const parent = unit?.parent_id == null ? undefined : getUnit(db, unit.parent_id);
    return {
      title: unit ? t('manage.unit.edit_title', { name: nameIn(unit, lang) }) : t('manage.unit.new_title'),
      unit: unit ? { code: unit.code, name: nameIn(unit, lang) } : null,
      values,
      parentFixed: fixed,
      parentName: parent ? nameIn(parent, lang) : null,
      parentOptions: fixed ? [] : unitOptions(db, scope, lang, t('manage.inactive'), unit ? new Set(subtreeUnitIds(db, unit.id)) : new Set()),
      links: unit ? { profile: href(`/manage/units/${unit.code}/profile`, lang), populations: href(`/manage/units/${unit.code}/populations`, lang) } : null,
    };
  }

  return {
    newForm: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const asked = typeof req.query.parent === 'string' ? getUnitByCode(db, req.query.parent) : undefined;
      const parent = asked && holdsUnit(c.scope, asked.id) ? asked : getUnit(db, c.scope.officer.unitId);
      const values: UnitValues = { code: '', name_id: '', name_en: '', parent: parent?.code ?? '', active: true, published: false, target: '' };
      render(req, res, 'unit', model(c, values));
    },

    create: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const checked = checkUnit(db, c.scope, unitValues(c.body));
      if (!checked.ok) return renderInvalid(req, res, 'unit', model(c, checked.values), checked.errors);
      createUnitAudited(db, c.actor, checked.result);
      surveyPages.clear();
      savedRedirect(res, `/manage/units/${checked.result.code}`);
    },

    editForm: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const unit = unitInScope(db, c.scope, String(req.params.code));
      render(req, res, 'unit', model(c, unitRowValues(db, unit), unit));
    },

    update: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const unit = unitInScope(db, c.scope, String(req.params.code));
      const checked = checkUnit(db, c.scope, unitValues(c.body), unit);
      if (!checked.ok) return renderInvalid(req, res, 'unit', model(c, checked.values, unit), checked.errors);
      if (updateUnitAudited(db, c.actor, unit, checked.result)) surveyPages.clear();
      savedRedirect(res, `/manage/units/${checked.result.code}`);
    },
  };
}
