import { resultsUrl } from '../urls.js';

// The thank-you page promises publication only when the service's public results page exists
// (wording.md "Promise only what exists"): a published service of an active unit.

export function thanksResultsHref(service: { code: string; published: number; active: number }, unit: { active: number }, lang: string): string | null {
  return service.published === 1 && service.active === 1 && unit.active === 1 ? resultsUrl({ kind: 'service', code: service.code }, { lang }) : null;
}
