import type { TFunction } from 'i18next';
import { CHOICE_DIMENSIONS } from '../vocabulary/profile.js';

// An honest time for the survey (wording.md, "home intro"): counted from the questions the form
// shows, never a fixed sentence. A tap question takes about eight seconds to read and answer on a
// phone; the comment is optional and not counted.

const SECONDS_PER_QUESTION = 8;

/** The questions the form asks: the elements, each profile choice and the age. */
export function questionCount(elementCount: number): number {
  return elementCount + CHOICE_DIMENSIONS.length + 1;
}

/** Whole minutes, rounded up, at least one. */
function minutesFor(questions: number): number {
  return Math.max(1, Math.ceil((questions * SECONDS_PER_QUESTION) / 60));
}

/** "sekitar 2 menit" / "about 2 minutes". */
export function durationWords(t: TFunction, questions: number): string {
  const minutes = minutesFor(questions);
  return minutes === 1 ? t('common.about_one_minute') : t('common.about_minutes', { minutes });
}
