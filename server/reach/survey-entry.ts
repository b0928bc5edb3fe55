import type { Request } from 'express';
import type { Channel } from '../vocabulary/profile.js';

/**
 * How a survey request came in when it did not come through a plain /s/ URL. A route that verified
 * something on the server (a counter link's token, later a kiosk's) marks the request before
 * handing it to the survey router, which then serves and stores the same form with the trusted
 * channel and counter: nothing of this is read from the query, the body or a header, so a citizen
 * cannot forge a counter. `base` is where the form posts back to and the language links point
 * (e.g. /k/:token), so a post carries the token again and is verified again.
 */
export interface SurveyEntry {
  base: string;
  channel: Channel;
  counterId: number | null;
}

const entries = new WeakMap<Request, SurveyEntry>();

export function setSurveyEntry(req: Request, entry: SurveyEntry): void {
  entries.set(req, entry);
}

/** The verified entry of this request, or undefined for a plain /s/ request. */
export function surveyEntryOf(req: Request): SurveyEntry | undefined {
  return entries.get(req);
}
