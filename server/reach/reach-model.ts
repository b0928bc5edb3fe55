import type { TFunction } from 'i18next';
import type { Config } from '../config.js';
import { agencyTimeZone } from '../data/agency.js';
import { listCounters, type CounterListRow, type TokenState } from '../data/counters.js';
import type { Database } from '../data/engine/index.js';
import { listKiosksOfService } from '../data/kiosk-tokens.js';
import { nameIn } from '../data/names.js';
import { listServices, type Service } from '../data/services.js';
import { getUnit } from '../data/units.js';
import { addDays } from '../indicators/calendar.js';
import { localDate } from '../indicators/timezone.js';
import { formatInstant } from '../manage/format.js';
import { counterUrl, dashboardHref, kioskUrl, reachUrls, surveyQrUrl, surveyUrl } from '../urls.js';
import { absoluteUrl, publicUrlWarnings } from './qr.js';
import type { CounterValues, KioskValues } from './reach-forms.js';

// What views/reach/page.ejs shows: the plain link and its QR code, counter links, kiosks, and the
// embedding snippets with the allowed origins. The view computes nothing.

export interface ReachForms {
  counter: CounterValues;
  kiosk: KioskValues;
  origins: string;
}

/** The forms as a fresh page shows them: a kiosk offers this service by default. */
export function emptyForms(service: Service): ReachForms {
  return {
    counter: { place: '', expires: '' },
    kiosk: { place: '', pin: '', services: [service.code], expires: '' },
    origins: service.embed_origins.split(/\s+/).filter(Boolean).join('\n'),
  };
}

/** The last day a link works, in words ('' for never): the day before the instant it ends. */
function lastDay(expiresAt: string | null, timeZone: string, date: (d: string) => string): string {
  if (!expiresAt) return '';
  return date(addDays(localDate(new Date(expiresAt), timeZone), -1));
}

/** A4 and A6 posters, in the page's language and the other one. */
function posters(code: string, lang: string, counter?: string) {
  const other = lang === 'id' ? 'en' : 'id';
  return [lang, other].map((l) => ({
    lang: l,
    a4: reachUrls.poster(code, { counter, size: 'a4', lang: l }),
    a6: reachUrls.poster(code, { counter, size: 'a6', lang: l }),
  }));
}

export async function reachModel(
  store: Database,
  config: Config,
  service: Service,
  lang: string,
  t: TFunction,
  date: (d: string) => string,
  forms: ReachForms,
) {
  const tz = await agencyTimeZone(store);
  const unit = await getUnit(store, service.unit_id);
  const serviceName = nameIn(service, lang);
  const stateText = (s: TokenState) => t(`reach.state.${s}`);
  const counterRow = (c: CounterListRow) => {
    const token = c.token as string;
    const state: TokenState = c.revoked_at ? 'revoked' : c.expires_at && c.expires_at <= new Date().toISOString() ? 'expired' : 'active';
    return {
      id: c.id,
      place: c.place,
      href: counterUrl(token),
      absolute: absoluteUrl(config, counterUrl(token)),
      created: formatInstant(c.created_at, tz, lang),
      until: lastDay(c.expires_at, tz, date),
      state,
      stateText: stateText(state),
      responses: c.responses,
      qrSvg: reachUrls.counterQr(service.code, c.id, 'svg'),
      qrPng: reachUrls.counterQr(service.code, c.id, 'png'),
      posters: posters(service.code, lang, String(c.id)),
      revokeAction: reachUrls.revokeCounter(service.code, c.id, lang),
    };
  };
  const counters = (await listCounters(store, service.id)).map(counterRow);
  const kiosks = (await listKiosksOfService(store, service.id)).map((k) => ({
    id: k.kiosk.id,
    place: k.kiosk.place,
    href: kioskUrl(k.kiosk.token),
    absolute: absoluteUrl(config, kioskUrl(k.kiosk.token)),
    services: k.services.map((s) => nameIn({ name_id: s.nameId, name_en: s.nameEn }, lang)),
    pin: k.kiosk.pin_hash !== null,
    created: formatInstant(k.kiosk.created_at, tz, lang),
    until: lastDay(k.kiosk.expires_at, tz, date),
    state: k.state,
    stateText: stateText(k.state),
    responsesHere: k.responsesHere,
    responses: k.responses,
    revokeAction: reachUrls.revokeKiosk(service.code, k.kiosk.id, lang),
  }));
  const siblings = await kioskOffer(store, service);
  const plainLink = absoluteUrl(config, surveyUrl(service.code));
  const embedSrc = absoluteUrl(config, surveyUrl(service.code, { embed: '1' }));
  return {
    title: t('reach.title', { service: serviceName }),
    serviceName,
    unitName: unit ? nameIn(unit, lang) : '',
    dashboardHref: dashboardHref({ kind: 'service', code: service.code }, '', lang),
    warnings: publicUrlWarnings(config),
    publicUrl: config.publicUrl,
    plain: {
      link: plainLink,
      qrLink: absoluteUrl(config, surveyUrl(service.code, { ch: 'qr' })),
      qrSvg: surveyQrUrl(service.code, 'svg'),
      qrPng: surveyQrUrl(service.code, 'png'),
      posters: posters(service.code, lang),
    },
    counters: counters.filter((c) => c.state === 'active'),
    endedCounters: counters.filter((c) => c.state !== 'active'),
    kiosks: kiosks.filter((k) => k.state === 'active'),
    endedKiosks: kiosks.filter((k) => k.state !== 'active'),
    counterAction: reachUrls.counters(service.code, lang),
    kioskAction: reachUrls.kiosks(service.code, lang),
    originsAction: reachUrls.origins(service.code, lang),
    kioskServices: siblings.map((s) => ({ code: s.code, name: nameIn(s, lang), checked: forms.kiosk.services.includes(s.code) })),
    forms,
    snippets: {
      link: plainLink,
      iframe: `<iframe src="${embedSrc}" title="${t('reach.embed.iframe_title', { service: serviceName }).replaceAll('"', '&quot;')}" width="100%" height="900" loading="lazy"></iframe>`,
      script: `<script src="${absoluteUrl(config, '/embed.js')}" data-mutu-service="${service.code}" defer></script>`,
    },
    previewSrc: surveyUrl(service.code, { embed: '1', preview: '1', lang }),
    origins: service.embed_origins.split(/\s+/).filter(Boolean),
  };
}

/** The codes of the services a kiosk made from this service's page may offer: the active ones of its unit, and itself. */
export async function kioskOffer(store: Database, service: Service): Promise<Service[]> {
  return (await listServices(store)).filter((s) => s.unit_id === service.unit_id && (s.active === 1 || s.id === service.id));
}
