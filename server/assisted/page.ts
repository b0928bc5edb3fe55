import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { getAgency, type Agency } from '../data/agency.js';
import type { Queryable } from '../data/engine/index.js';
import { HttpError } from '../errors.js';
import { localDate } from '../indicators/timezone.js';
import { mayDecide } from './scope.js';
import { assistedUrls } from '../urls.js';

// What every page of server/assisted/ renders with: never cached, its own small menu (an enumerator
// has no dashboard or management pages to go to).

export async function agencyOf(q: Queryable): Promise<Agency> {
  const agency = await getAgency(q);
  if (!agency) throw new HttpError(404);
  return agency;
}

export const todayIn = (agency: Agency, now = new Date()): string => localDate(now, agency.time_zone);

/** A fresh key for a desk form: a double-clicked save stores one entry. */
export const newFormKey = (): string => randomUUID();

export function renderAssisted(res: Response, view: string, model: Record<string, unknown>, status = 200): void {
  const { lang, officer } = res.locals;
  res.status(status).set('Cache-Control', 'no-store');
  res.render(`assisted/${view}`, {
    errors: {},
    errorList: [],
    nav: {
      entry: assistedUrls.entryList(lang),
      quarantine: officer && mayDecide(officer) ? assistedUrls.quarantine(lang) : null,
    },
    ...model,
  });
}
