import { addDays, isValidDate } from '../indicators/calendar.js';
import { validateSurvey, type SurveyErrors, type SurveyValues } from '../survey/validate.js';
import { isWay, type Way } from '../vocabulary/assisted.js';
import type { SurveySubmission } from '../vocabulary/submission.js';

// One interview on behalf of a respondent (the desk form, and each row of an import): the survey's
// own rules (server/survey/validate.ts) plus the way it was held and its date. The end state may
// always be given here: a paper or phone questionnaire may ask it even where the online form does not.

/** How far back an interview date may go (a typo such as 2016 for 2026 is refused). */
export const INTERVIEW_MAX_AGE_DAYS = 366;

export interface InterviewValues {
  survey: SurveyValues;
  way: string;
  date: string;
}

export interface Interview {
  submission: SurveySubmission;
  way: Way;
  /** agency-local YYYY-MM-DD: the response counts on this day */
  date: string;
}

export type InterviewResult = { ok: true; values: InterviewValues; interview: Interview } | { ok: false; values: InterviewValues; errors: SurveyErrors };

/** An interview date error key, or null: a real date, not after today, not older than INTERVIEW_MAX_AGE_DAYS. */
function interviewDateProblem(date: string, today: string): string | null {
  if (date === '') return 'assisted.errors.date_required';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isValidDate(date)) return 'assisted.errors.date_invalid';
  if (date > today) return 'assisted.errors.date_future';
  if (date < addDays(today, -INTERVIEW_MAX_AGE_DAYS)) return 'assisted.errors.date_old';
  return null;
}

const DESK_WORDS: Record<string, string> = {
  'survey.errors.element_invalid': 'assisted.errors.element_invalid',
  'survey.errors.profile_invalid': 'assisted.errors.code_invalid',
};

const text = (x: unknown): string => (typeof x === 'string' ? x.trim() : '');

/**
 * Validates an interview. `body` holds the survey's fields (element codes, profile, age, comment,
 * endstate) plus `way` and `date`; age "na" stands for "prefer not to answer". `fixedWay`: an import
 * is always paper.
 */
export function validateInterview(body: Record<string, unknown>, today: string, fixedWay?: Way): InterviewResult {
  const fields = { ...body };
  if (text(fields.age).toLowerCase() === 'na') {
    fields.age = '';
    fields.age_na = 'na';
  }
  const survey = validateSurvey(fields, { askEndState: true });
  const values: InterviewValues = { survey: survey.values, way: fixedWay ?? text(body.way), date: text(body.date) };
  // the survey's words are for a citizen choosing with a tap; here someone types codes
  const errors: SurveyErrors = Object.fromEntries(Object.entries(survey.ok ? {} : survey.errors).map(([f, k]) => [f, DESK_WORDS[k] ?? k]));
  if (!isWay(values.way)) errors.way = 'assisted.errors.way_required';
  const dateProblem = interviewDateProblem(values.date, today);
  if (dateProblem) errors.date = dateProblem;
  if (!survey.ok || Object.keys(errors).length > 0) return { ok: false, values, errors };
  return { ok: true, values, interview: { submission: survey.submission, way: values.way as Way, date: values.date } };
}
