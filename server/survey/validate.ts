import { ELEMENT_CODES, type ElementCode } from '../indicators/types.js';
import type { SurveySubmission } from '../vocabulary/submission.js';
import {
  AGE_MAX,
  AGE_MIN,
  CHOICE_DIMENSIONS,
  END_STATES,
  NOT_RATED_END_STATES,
  PREFER_NOT,
  PROFILE_OPTIONS,
  ageBand,
  type ChoiceDimension,
} from '../vocabulary/profile.js';

export const COMMENT_MAX = 1000;

/** What the citizen typed, kept as strings so a re-rendered form shows it unchanged. */
export interface SurveyValues {
  answers: Partial<Record<ElementCode, string>>;
  profile: Partial<Record<ChoiceDimension, string>>;
  age: string;
  ageNa: boolean;
  comment: string;
  idem: string;
  /** how the visit ended, when the service asks it ('' when not given) */
  endState: string;
}

/** Field name -> i18n key of its error. Field names match input names (and ids, prefixed with f-). */
export type SurveyErrors = Record<string, string>;

export type SurveyResult = { ok: true; values: SurveyValues; submission: SurveySubmission } | { ok: false; values: SurveyValues; errors: SurveyErrors };

const str = (x: unknown): string => (typeof x === 'string' ? x : Array.isArray(x) ? str(x[0]) : '');
/** A choice given more than once keeps none of its values (the citizen chooses again). */
const choice = (x: unknown): string => (typeof x === 'string' ? x : '');

/** Fields whose repetition is reported on the field itself; any other repeated field is a form-level error. */
const FIELD_OF = new Map<string, string>([
  ...[...ELEMENT_CODES, ...CHOICE_DIMENSIONS, 'age', 'comment', 'endstate'].map((f): [string, string] => [f, f]),
  ['age_na', 'age'],
]);

// Control characters other than tab and line break (NUL above all, which PostgreSQL refuses in text): no
// one types them, a browser never sends them, and they are dropped rather than stored.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Characters as SQLite's length() counts them, with line breaks as one character (as browsers show them), without control characters. */
function normalizeComment(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}
const charCount = (s: string): number => Array.from(s).length;

const IDEM_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function emptyValues(idem = ''): SurveyValues {
  return { answers: {}, profile: {}, age: '', ageNa: false, comment: '', idem, endState: '' };
}

/**
 * Server-side validation of a posted survey: every element 1-4 or empty (at least one answered),
 * profile values from their lists, comment length. A field sent more than once (a browser never
 * does) is an error, on that field when it is one the form shows, else for the whole form.
 */
export function validateSurvey(body: Record<string, unknown>, { askEndState = false }: { askEndState?: boolean } = {}): SurveyResult {
  const values: SurveyValues = emptyValues(str(body.idem));
  const errors: SurveyErrors = {};
  // how the visit ended (issue 10), only where the service asks: someone not served may answer no element
  let endState: string | null = null;
  if (askEndState) {
    values.endState = choice(body.endstate);
    if (([...END_STATES, PREFER_NOT] as string[]).includes(values.endState)) endState = values.endState;
    else if (values.endState !== '') errors.endstate = 'survey.errors.profile_invalid';
  }
  const answers = {} as Record<ElementCode, number | null>;

  for (const code of ELEMENT_CODES) {
    const raw = choice(body[code]);
    if (raw !== '') values.answers[code] = raw;
    if (raw === '') answers[code] = null;
    else if (/^[1-4]$/.test(raw)) answers[code] = Number(raw);
    else {
      answers[code] = null;
      errors[code] = 'survey.errors.element_invalid';
    }
  }
  // Form-level: shown in the summary, linked to the first question in display order.
  const unrated = endState !== null && NOT_RATED_END_STATES.includes(endState);
  if (!unrated && !ELEMENT_CODES.some((c) => errors[c]) && ELEMENT_CODES.every((c) => answers[c] === null)) {
    errors.elements = 'survey.errors.no_element';
  }

  const profile = {} as Record<ChoiceDimension, string | null>;
  for (const dim of CHOICE_DIMENSIONS) {
    const raw = choice(body[dim]);
    if (raw !== '') values.profile[dim] = raw;
    const allowed: readonly string[] = [...PROFILE_OPTIONS[dim], PREFER_NOT];
    if (raw === '') profile[dim] = null;
    else if (allowed.includes(raw)) profile[dim] = raw;
    else {
      profile[dim] = null;
      errors[dim] = 'survey.errors.profile_invalid';
    }
  }

  values.age = str(body.age).trim();
  values.ageNa = choice(body.age_na) === PREFER_NOT;
  let age: number | null = null;
  let band: string | null = null;
  if (values.ageNa) band = PREFER_NOT;
  else if (values.age !== '') {
    if (/^\d{1,3}$/.test(values.age) && Number(values.age) >= AGE_MIN && Number(values.age) <= AGE_MAX) {
      age = Number(values.age);
      band = ageBand(age);
    } else errors.age = 'survey.errors.age_invalid';
  }

  values.comment = str(body.comment);
  const comment = normalizeComment(values.comment);
  if (charCount(comment) > COMMENT_MAX) errors.comment = 'survey.errors.comment_too_long';

  for (const [name, value] of Object.entries(body)) {
    if (!Array.isArray(value)) continue;
    const field = FIELD_OF.get(name);
    if (field) errors[field] = 'survey.errors.repeated';
    else errors.form = 'survey.errors.repeated_form';
  }

  if (Object.keys(errors).length > 0) return { ok: false, values, errors };
  return {
    ok: true,
    values,
    submission: {
      answers,
      profile,
      age,
      ageBand: band,
      comment: comment === '' ? null : comment,
      idempotencyKey: IDEM_PATTERN.test(values.idem) ? values.idem : null,
      endState,
    },
  };
}
