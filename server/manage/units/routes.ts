import type { Request, Response } from 'express';
import { nameIn } from '../../data/names.js';
import { getUnit, getUnitByCode, listUnits, subtreeUnitIds, type Unit } from '../../data/units.js';
import { manageUrls } from '../../urls.js';
import { loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from '../page.js';
import type { Choice, FieldSpec } from '../fields.js';
import { inheritedTarget, targetNote } from '../inherited.js';
import { flagFields, nameFields } from '../org-form.js';
import { holdsUnit, unitInScope } from '../scope.js';
import { unitChoices } from '../tree.js';
import { createUnitAudited, updateUnitAudited } from './changes.js';
import { checkUnit, parentFixed, unitRowValues, unitValues, type UnitValues } from './form.js';

// Units: create, rename, recode, move, (de)activate, publish, target.

const parentField = (t: ManageContext['t'], value: string, options: Choice[]): FieldSpec => ({
  kind: 'select',
  name: 'parent',
  label: t('manage.fields.parent'),
  hint: t('manage.unit.parent_hint'),
  value,
  options,
});

export function unitRoutes({ store, surveyPages }: ManageDeps) {
  async function model(c: ManageContext, values: UnitValues, unit?: Unit) {
    const { t, lang, scope } = c;
    const fixed = parentFixed(scope, unit);
    const parent = unit?.parent_id == null ? undefined : await getUnit(store, unit.parent_id);
    // a unit cannot move below itself
    const exclude = fixed ? null : new Set(unit ? await subtreeUnitIds(store, unit.id) : []);
    const all = await listUnits(store);
    const byId = new Map(all.map((u) => [u.id, u]));
    // what an empty target follows: the chosen parent's (or the current parent's) target, up the tree
    const parentId = all.find((u) => u.code === values.parent)?.id ?? unit?.parent_id ?? null;
    const isRoot = unit !== undefined && unit.parent_id === null;
    const targetNoteText = targetNote({ t, num: c.num }, isRoot ? null : inheritedTarget(byId, parentId, lang), values.target.trim() !== '');
    return {
      title: unit ? t('manage.unit.edit_title', { name: nameIn(unit, lang) }) : t('manage.unit.new_title'),
      fields: [
        ...nameFields(t, 'unit', values),
        exclude
          ? parentField(t, values.parent, unitChoices(all, scope, lang, t('manage.inactive'), exclude))
          : {
              kind: 'static',
              name: 'parent',
              label: t('manage.fields.parent'),
              text: parent ? nameIn(parent, lang) : t('manage.unit.root'),
              note: t('manage.unit.parent_fixed'),
            },
        ...flagFields(t, 'unit', values, targetNoteText),
      ] satisfies FieldSpec[],
      submitLabel: t(unit ? 'manage.save' : 'manage.unit.create'),
      links: unit
        ? { profile: manageUrls.scope('unit', unit.code, lang, 'profile'), populations: manageUrls.scope('unit', unit.code, lang, 'populations') }
        : null,
    };
  }

  return {
    newForm: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const asked = typeof req.query.parent === 'string' ? await getUnitByCode(store, req.query.parent) : undefined;
      const parent = asked && holdsUnit(c.scope, asked.id) ? asked : await getUnit(store, c.scope.officer.unitId);
      const values: UnitValues = { code: '', name_id: '', name_en: '', parent: parent?.code ?? '', active: true, published: false, target: '' };
      render(req, res, 'unit', await model(c, values));
    },

    create: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const checked = await checkUnit(store, c.scope, unitValues(c.body));
      if (!checked.ok) return renderInvalid(req, res, 'unit', await model(c, checked.values), checked.errors);
      await createUnitAudited(store, c.actor, checked.result);
      surveyPages.clear();
      savedRedirect(res, manageUrls.scope('unit', checked.result.code, c.lang));
    },

    editForm: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const unit = await unitInScope(store, c.scope, String(req.params.code));
      render(req, res, 'unit', await model(c, await unitRowValues(store, unit), unit));
    },

    update: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const unit = await unitInScope(store, c.scope, String(req.params.code));
      const checked = await checkUnit(store, c.scope, unitValues(c.body), unit);
      if (!checked.ok) return renderInvalid(req, res, 'unit', await model(c, checked.values, unit), checked.errors);
      if (await updateUnitAudited(store, c.actor, unit, checked.result)) surveyPages.clear();
      savedRedirect(res, manageUrls.scope('unit', checked.result.code, c.lang));
    },
  };
}
