import { RETENTION_MAX_MONTHS, RETENTION_MIN_MONTHS } from '../../data/retention.js';
import type { FieldSpec } from '../fields.js';
import type { FormErrors } from '../form.js';
import type { ManageContext } from '../page.js';

// The agency's comment retention on /manage/agency (server/data/retention.ts): "erase comments
// older than N months", empty to keep them. Audited with the page's other fields under FIELD.

export const RETENTION_FIELD = 'comment_retention_months';

/** The posted value as typed (kept on a 422), the months it means (null: keep), and its error. */
export function readRetention(body: Record<string, unknown>): { typed: string; months: number | null; errors: FormErrors } {
  const raw = body[RETENTION_FIELD];
  const typed = typeof raw === 'string' ? raw.trim().slice(0, 20) : '';
  if (typed === '') return { typed, months: null, errors: {} };
  const n = /^\d{1,3}$/.test(typed) ? Number(typed) : NaN;
  if (!(n >= RETENTION_MIN_MONTHS && n <= RETENTION_MAX_MONTHS)) {
    return {
      typed,
      months: null,
      errors: { [RETENTION_FIELD]: ['manage.settings.retention.invalid', { min: RETENTION_MIN_MONTHS, max: RETENTION_MAX_MONTHS }] },
    };
  }
  return { typed, months: n, errors: {} };
}

/** The field, with the value as typed or saved. */
export function retentionFields(c: ManageContext, typed: string): FieldSpec[] {
  return [
    {
      kind: 'text',
      name: RETENTION_FIELD,
      label: c.t('manage.settings.retention.label'),
      hint: c.t('manage.settings.retention.hint', { min: RETENTION_MIN_MONTHS, max: RETENTION_MAX_MONTHS }),
      value: typed,
      inputmode: 'numeric',
      autocomplete: 'off',
      maxlength: 3,
    },
  ];
}
