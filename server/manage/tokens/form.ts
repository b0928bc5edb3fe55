import { z } from 'zod';
import type { Queryable } from '../../data/engine/index.js';
import { getUnitByCode } from '../../data/units.js';
import { HttpError } from '../../errors.js';
import { str, zodErrors, type Checked, type FormErrors } from '../form.js';
import { holdsUnit, type ManageScope } from '../scope.js';

// A new API token: a name saying who uses it, and the unit whose subtree it may read.

export interface TokenValues {
  name: string;
  unit: string;
}

const schema = z.object({ name: z.string().trim().min(1, 'manage.errors.token_name_required').max(100, 'manage.errors.name_long') });

export function tokenValues(body: Record<string, unknown>): TokenValues {
  return { name: str(body, 'name', 300), unit: str(body, 'unit', 100) };
}

export async function checkToken(
  q: Queryable,
  scope: ManageScope,
  values: TokenValues,
): Promise<Checked<TokenValues, { name: string; unitId: number; unitCode: string }>> {
  const parsed = schema.safeParse(values);
  const errors: FormErrors = parsed.success ? {} : zodErrors(parsed.error);
  const unit = values.unit === '' ? undefined : await getUnitByCode(q, values.unit);
  if (values.unit === '') errors.unit = 'manage.errors.unit_required';
  else if (!unit) errors.unit = 'manage.errors.unit_unknown';
  else if (!holdsUnit(scope, unit.id)) throw new HttpError(403);
  if (Object.keys(errors).length || !unit) return { ok: false, values, errors };
  return { ok: true, values, result: { name: values.name.trim(), unitId: unit.id, unitCode: unit.code } };
}
