import type { TFunction } from 'i18next';
import { z } from 'zod';

// Shared pieces of the management forms: posted strings, zod issues as { field: i18n key },
// the error summary's list, numbers typed with a comma or a point.

/** Field name -> i18n key (or [key, params]) of its error. */
export type FormErrors = Record<string, string | [string, Record<string, unknown>]>;

export type Checked<V, R> = { ok: true; values: V; result: R } | { ok: false; values: V; errors: FormErrors };

/** A posted field as a string (the first of repeated fields), capped in length. */
export function str(body: Record<string, unknown>, name: string, max = 1000): string {
  const v = body[name];
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  return s.slice(0, max);
}

/** A checkbox: sent (any value) means on. */
export const checked = (body: Record<string, unknown>, name: string): boolean => body[name] !== undefined && body[name] !== '';

/** The first zod issue of each field, keyed by the field's name. */
export function zodErrors(error: z.ZodError): FormErrors {
  const out: FormErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= issue.message;
  }
  return out;
}

/** The errors in the order the fields appear on the form (the order of `values`' keys), so the summary reads top to bottom. */
export function ordered(errors: FormErrors, values: object): FormErrors {
  const order = Object.keys(values);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** "82,5" or "82.5" -> 82.5; anything else (including "") -> NaN. */
export function decimal(s: string): number {
  const t = s.trim().replace(',', '.');
  return /^\d{1,3}(\.\d{1,4})?$/.test(t) ? Number(t) : Number.NaN;
}

/** Target IKM: empty (inherit) or a number 25..100. */
export const targetField = z
  .string()
  .trim()
  .refine((s) => s === '' || (decimal(s) >= 25 && decimal(s) <= 100), 'manage.errors.target_range');

export const targetValue = (s: string): number | null => (s.trim() === '' ? null : decimal(s));

const CODE_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const codeField = z
  .string()
  .trim()
  .min(1, 'manage.errors.code_required')
  .max(40, 'manage.errors.code_long')
  .regex(CODE_PATTERN, 'manage.errors.code_format')
  .refine((s) => s !== 'new', 'manage.errors.code_reserved'); // /manage/units/new is the form for a new one

export const nameField = z.string().trim().min(1, 'manage.errors.name_required').max(200, 'manage.errors.name_long');

/** The name in one language: its error says which name is missing (name_id or name_en). */
export const nameInLanguage = (lang: 'id' | 'en') =>
  z.string().trim().min(1, `manage.errors.name_${lang}_required`).max(200, `manage.errors.name_${lang}_long`);

export interface ErrorLink {
  href: string;
  message: string;
}

/** Translates errors for the view: messages by field, and the summary's links (#f-<field>). */
export function translateErrors(
  t: TFunction,
  errors: FormErrors,
  href: (field: string) => string = (f) => `#f-${f}`,
): {
  errors: Record<string, string>;
  errorList: ErrorLink[];
} {
  const messages: Record<string, string> = {};
  for (const [field, e] of Object.entries(errors)) messages[field] = Array.isArray(e) ? t(e[0], e[1]) : t(e);
  return { errors: messages, errorList: Object.entries(messages).map(([field, message]) => ({ href: href(field), message })) };
}
