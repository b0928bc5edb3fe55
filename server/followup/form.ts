/**
 * The action form: posted strings in, typed fields or errors (i18n keys by field) out. Evidence
 * links are http or https only; a done action needs its done date (not in the future), and only a
 * done action has one.
 */
import { z } from 'zod';
import { ACTION_STATUSES, type ActionFields, type ActionRow } from '../data/followup.js';
import { isValidDate } from '../indicators/calendar.js';
import { ELEMENT_CODES } from '../indicators/types.js';
import { ordered, str, zodErrors, type Checked, type FormErrors } from '../manage/form.js';
import { isQuarterLabel } from './timing.js';

export interface ActionValues {
  element: string;
  activity: string;
  responsible: string;
  person: string;
  planned_quarter: string;
  status: string;
  done_date: string;
  evidence_note: string;
  evidence_url: string;
}

const E = 'followup.errors.';

const schema = z.object({
  element: z.enum(ELEMENT_CODES, { message: `${E}element` }),
  activity: z.string().trim().min(1, `${E}activity_required`).max(500, `${E}activity_long`),
  responsible: z.string().trim().min(1, `${E}responsible_required`).max(200, `${E}responsible_long`),
  person: z.string().trim().min(1, `${E}person_required`).max(200, `${E}person_long`),
  planned_quarter: z.string().refine(isQuarterLabel, `${E}planned_quarter`),
  status: z.enum(ACTION_STATUSES, { message: `${E}status` }),
  done_date: z.string().trim(),
  evidence_note: z.string().trim().max(1000, `${E}evidence_note_long`),
  evidence_url: z
    .string()
    .trim()
    .max(500, `${E}evidence_url_long`)
    .refine((s) => s === '' || isWebLink(s), `${E}evidence_url`),
});

/** An absolute http(s) address with a host. */
function isWebLink(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !/\s/.test(s);
  } catch {
    return false;
  }
}

export function actionValues(body: Record<string, unknown>): ActionValues {
  return {
    element: str(body, 'element', 40),
    activity: str(body, 'activity', 2000),
    responsible: str(body, 'responsible', 1000),
    person: str(body, 'person', 1000),
    planned_quarter: str(body, 'planned_quarter', 20),
    status: str(body, 'status', 20),
    done_date: str(body, 'done_date', 20),
    evidence_note: str(body, 'evidence_note', 4000),
    evidence_url: str(body, 'evidence_url', 2000),
  };
}

/** The form's values of a stored action. */
export function storedValues(a: ActionRow): ActionValues {
  return {
    element: a.element_code,
    activity: a.activity,
    responsible: a.responsible,
    person: a.person,
    planned_quarter: a.planned_quarter,
    status: a.status,
    done_date: a.done_date ?? '',
    evidence_note: a.evidence_note,
    evidence_url: a.evidence_url,
  };
}

/** Checks the values; `today` and `planFrom` (the plan period's first day) bound the done date. */
export function checkAction(values: ActionValues, today: string, planFrom: string): Checked<ActionValues, ActionFields> {
  const parsed = schema.safeParse(values);
  const errors: FormErrors = parsed.success ? {} : zodErrors(parsed.error);
  const done = values.status === 'done';
  const date = values.done_date.trim();
  if (done && date === '') errors.done_date ??= `${E}done_date_required`;
  else if (done && !isValidDate(date)) errors.done_date ??= `${E}done_date_invalid`;
  else if (done && date > today) errors.done_date ??= `${E}done_date_future`;
  else if (done && date < planFrom) errors.done_date ??= [`${E}done_date_early`, { date: planFrom }];
  else if (!done && date !== '') errors.done_date ??= `${E}done_date_not_done`;
  if (!parsed.success || Object.keys(errors).length) return { ok: false, values, errors: ordered(errors, values) };
  const v = parsed.data;
  return {
    ok: true,
    values,
    result: {
      element: v.element,
      activity: v.activity,
      person: v.person,
      responsible: v.responsible,
      plannedQuarter: v.planned_quarter,
      status: v.status,
      evidenceNote: v.evidence_note,
      evidenceUrl: v.evidence_url,
      doneDate: done ? date : null,
    },
  };
}
