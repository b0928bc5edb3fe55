import type { TFunction } from 'i18next';
import type { Agency } from '../data/agency.js';
import { nameIn } from '../data/names.js';
import type { Service } from '../data/services.js';

/** A known service whose survey is closed (it, or its unit, is inactive): its page names it (wording.md, "inactive service"). */
export class ServiceClosed extends Error {
  constructor(
    readonly service: Service,
    readonly agency: Agency,
  ) {
    super(`survey of ${service.code} is closed`);
  }
}

/** What views/survey/closed.ejs shows. */
export function closedModel(service: Service, agency: Agency, lang: string, t: TFunction) {
  const serviceName = nameIn(service, lang);
  const agencyName = nameIn(agency, lang);
  return { title: t('survey.closed.title', { service: serviceName }), serviceName, agencyName, home: `/?lang=${lang}` };
}
