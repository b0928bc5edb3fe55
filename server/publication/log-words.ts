import type { Localized } from '../i18n.js';
import type { Publication, Republication } from '../data/publications.js';
import { localDate } from '../indicators/periods.js';

// The publication log and the republications, in words for the public page and the officer page.

export function publicationWords(p: Publication, l: Localized) {
  return {
    id: p.id,
    channel: p.channel,
    channelText: l.t(`publication.channels.${p.channel}`),
    electronic: p.electronic === 1,
    electronicText: l.t(p.electronic === 1 ? 'publication.electronic' : 'publication.not_electronic'),
    date: l.date(p.published_on),
    dateIso: p.published_on,
    url: p.url,
    note: p.note,
  };
}

/** "Republished on 3 December 2026: late kiosk answers included" (the date local to the agency). */
export function republicationWords(r: Republication, l: Localized, timeZone: string) {
  const day = localDate(new Date(r.republished_at), timeZone);
  return {
    date: day,
    text: l.t('public.republished', { date: l.date(day), reason: r.reason, period: periodOfLabel(r, l) }),
  };
}

function periodOfLabel(r: Republication, l: Localized): string {
  const last = new Date(Date.UTC(Number(r.month_to.slice(0, 4)), Number(r.month_to.slice(5, 7)), 0)).getUTCDate();
  return l.period(`${r.month_from}-01`, `${r.month_to}-${String(last).padStart(2, '0')}`);
}
