import { z } from 'zod';
import type { Queryable } from '../../data/engine/index.js';
import { serviceCodeTaken, type Service, type ServiceFields } from '../../data/services.js';
import { getUnit, getUnitByCode } from '../../data/units.js';
import { HttpError } from '../../errors.js';
import { canonicalOrigin } from '../../security.js';
import { checked, codeField, nameInLanguage, str, targetField, targetValue, zodErrors, ordered, type Checked, type FormErrors } from '../form.js';
import { holdsUnit, type ManageScope } from '../scope.js';

export interface ServiceValues {
  code: string;
  name_id: string;
  name_en: string;
  /** the unit's code */
  unit: string;
  active: boolean;
  published: boolean;
  target: string;
  embed_origins: string;
}

export const MAX_ORIGINS = 20;

/**
 * Origins allowed to frame the embed view: each canonical `scheme://host[:port]` (https; http only
 * for localhost and 127.0.0.1), nothing after it but an optional "/", no wildcard, credentials or
 * characters a CSP would read as syntax. Returns the canonical list, or the first bad entry.
 */
function parseOrigins(raw: string): { ok: true; origins: string[] } | { ok: false; bad: string; tooMany?: true } {
  const parts = raw.split(/\s+/).filter(Boolean);
  if (parts.length > MAX_ORIGINS) return { ok: false, bad: '', tooMany: true };
  const origins: string[] = [];
  for (const part of parts) {
    const origin = canonicalOrigin(part);
    if (!origin) return { ok: false, bad: part };
    if (!origins.includes(origin)) origins.push(origin);
  }
  return { ok: true, origins };
}

const schema = z.object({ code: codeField, name_id: nameInLanguage('id'), name_en: nameInLanguage('en'), target: targetField });

export function serviceValues(body: Record<string, unknown>): ServiceValues {
  return {
    name_id: str(body, 'name_id', 300),
    name_en: str(body, 'name_en', 300),
    code: str(body, 'code', 100).trim(),
    unit: str(body, 'unit', 100),
    target: str(body, 'target', 20),
    active: checked(body, 'active'),
    published: checked(body, 'published'),
    embed_origins: str(body, 'embed_origins', 4000),
  };
}

export async function serviceRowValues(q: Queryable, s: Service): Promise<ServiceValues> {
  return {
    name_id: s.name_id,
    name_en: s.name_en,
    code: s.code,
    unit: (await getUnit(q, s.unit_id))?.code ?? '',
    target: s.target_ikm === null ? '' : String(s.target_ikm),
    active: s.active === 1,
    published: s.published === 1,
    embed_origins: s.embed_origins,
  };
}

/** Validates a new service or a change; a unit outside the officer's subtree is refused with 403. */
export async function checkService(q: Queryable, scope: ManageScope, values: ServiceValues, service?: Service): Promise<Checked<ServiceValues, ServiceFields>> {
  const parsed = schema.safeParse(values);
  const errors: FormErrors = parsed.success ? {} : zodErrors(parsed.error);
  if (!errors.code && (await serviceCodeTaken(q, values.code, service?.id ?? null))) errors.code = 'manage.errors.code_taken';

  const unit = values.unit === '' ? undefined : await getUnitByCode(q, values.unit);
  if (values.unit === '') errors.unit = 'manage.errors.unit_required';
  else if (!unit) errors.unit = 'manage.errors.unit_unknown';
  else if (!holdsUnit(scope, unit.id)) throw new HttpError(403);
  else if (values.active && unit.active !== 1) errors.active = 'manage.errors.unit_inactive';

  const origins = parseOrigins(values.embed_origins);
  if (!origins.ok) {
    errors.embed_origins = origins.tooMany
      ? ['manage.errors.origins_too_many', { max: MAX_ORIGINS }]
      : ['manage.errors.origin_invalid', { origin: origins.bad }];
  }

  if (Object.keys(errors).length || !unit || !origins.ok) return { ok: false, values, errors: ordered(errors, values) };
  return {
    ok: true,
    values,
    result: {
      unitId: unit.id,
      code: values.code,
      nameId: values.name_id.trim(),
      nameEn: values.name_en.trim(),
      active: values.active,
      published: values.published,
      targetIkm: targetValue(values.target),
      embedOrigins: origins.origins.join(' '),
    },
  };
}
