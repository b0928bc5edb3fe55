import { z } from 'zod';
import type { Queryable } from '../../data/engine/index.js';
import { activeChildren, getUnit, getUnitByCode, subtreeUnitIds, unitCodeTaken, type Unit, type UnitFields } from '../../data/units.js';
import { HttpError } from '../../errors.js';
import { checked, codeField, nameInLanguage, str, targetField, targetValue, zodErrors, ordered, type Checked, type FormErrors } from '../form.js';
import { holdsUnit, type ManageScope } from '../scope.js';

/** The unit form as typed (strings, so a re-rendered form shows them unchanged). */
export interface UnitValues {
  name_id: string;
  name_en: string;
  code: string;
  /** the parent unit's code */
  parent: string;
  active: boolean;
  published: boolean;
  target: string;
}

const schema = z.object({ code: codeField, name_id: nameInLanguage('id'), name_en: nameInLanguage('en'), target: targetField });

export function unitValues(body: Record<string, unknown>): UnitValues {
  return {
    name_id: str(body, 'name_id', 300),
    name_en: str(body, 'name_en', 300),
    code: str(body, 'code', 100).trim(),
    parent: str(body, 'parent', 100),
    target: str(body, 'target', 20),
    active: checked(body, 'active'),
    published: checked(body, 'published'),
  };
}

/** The code of a unit's parent ('' for the root). */
async function parentCode(q: Queryable, unit: Unit): Promise<string> {
  return unit.parent_id === null ? '' : ((await getUnit(q, unit.parent_id))?.code ?? '');
}

export async function unitRowValues(q: Queryable, unit: Unit): Promise<UnitValues> {
  return {
    name_id: unit.name_id,
    name_en: unit.name_en,
    code: unit.code,
    parent: await parentCode(q, unit),
    target: unit.target_ikm === null ? '' : String(unit.target_ikm),
    active: unit.active === 1,
    published: unit.published === 1,
  };
}

/** Whether the unit's parent is fixed for this officer: the root, and a manager's own unit. */
export const parentFixed = (scope: ManageScope, unit: Unit | undefined): boolean =>
  unit !== undefined && (unit.parent_id === null || unit.id === scope.officer.unitId);

/**
 * Validates a new unit (no `unit`) or a change to `unit`. Moving a unit outside the officer's
 * subtree, or the parent of a unit whose parent is fixed, is refused with 403, not a form error.
 */
export async function checkUnit(q: Queryable, scope: ManageScope, values: UnitValues, unit?: Unit): Promise<Checked<UnitValues, UnitFields>> {
  const parsed = schema.safeParse(values);
  const errors: FormErrors = parsed.success ? {} : zodErrors(parsed.error);
  if (!errors.code && (await unitCodeTaken(q, values.code, unit?.id ?? null))) errors.code = 'manage.errors.code_taken';

  let parentId: number | null = unit?.parent_id ?? null;
  if (unit && parentFixed(scope, unit)) {
    const current = await parentCode(q, unit);
    if (values.parent !== '' && values.parent !== current) throw new HttpError(403);
    values.parent = current;
  } else if (values.parent === '') errors.parent = 'manage.errors.parent_required';
  else {
    const parent = await getUnitByCode(q, values.parent);
    if (!parent) errors.parent = 'manage.errors.parent_unknown';
    else if (!holdsUnit(scope, parent.id)) throw new HttpError(403);
    else if (unit && (await subtreeUnitIds(q, unit.id)).includes(parent.id)) errors.parent = 'manage.errors.parent_cycle';
    else parentId = parent.id;
  }

  const parentUnit = parentId === null ? undefined : await getUnit(q, parentId);
  if (values.active && parentUnit && parentUnit.active !== 1) errors.active = 'manage.errors.parent_inactive';
  if (!values.active && unit && (await activeChildren(q, unit.id)) > 0) errors.active = 'manage.errors.active_children';

  if (Object.keys(errors).length) return { ok: false, values, errors: ordered(errors, values) };
  return {
    ok: true,
    values,
    result: {
      parentId,
      code: values.code,
      nameId: values.name_id.trim(),
      nameEn: values.name_en.trim(),
      active: values.active,
      published: values.published,
      targetIkm: targetValue(values.target),
    },
  };
}
