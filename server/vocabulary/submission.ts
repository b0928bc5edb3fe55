import type { ElementCode } from '../indicators/types.js';
import type { ChoiceDimension } from './profile.js';

// What one stored response holds: written by the survey (and imports, kiosks), stored by
// server/data/. Here, below both, so that the data layer never imports the survey.

/** A valid submission, ready to store. */
export interface SurveySubmission {
  answers: Record<ElementCode, number | null>;
  profile: Record<ChoiceDimension, string | null>;
  age: number | null;
  ageBand: string | null;
  comment: string | null;
  idempotencyKey: string | null;
  /** how the visit ended (END_STATES or 'na'); null or absent when not asked or not given */
  endState?: string | null;
}
