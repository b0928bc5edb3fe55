import type { TFunction } from 'i18next';
import type { Agency } from '../data/agency.js';
import type { ElementText } from '../data/elements.js';
import type { KioskLookup } from '../data/kiosk-tokens.js';
import { nameIn } from '../data/names.js';
import type { Service } from '../data/services.js';
import type { Unit } from '../data/units.js';
import { surveyFormModel } from '../survey/form-model.js';
import { emptyValues } from '../survey/validate.js';
import { homeUrl, kioskExitUrl, kioskResponsesUrl, kioskUrl, KIOSK_WORKER_PATH } from '../urls.js';
import { AGE_MAX, AGE_MIN, NOT_RATED_END_STATES } from '../vocabulary/profile.js';

// What views/kiosk/page.ejs shows: one page holds the whole kiosk (the service picker when it offers
// several, the survey form, the thank-you screen and the officer's way out), so that the service
// worker keeps it for offline use as one document. static/js/kiosk.js moves between the screens.

export interface KioskPageInput {
  lookup: KioskLookup;
  /** the kiosk's first open service, whose form the page carries (all services share the questions) */
  first: Service;
  unit: Unit;
  agency: Agency;
  elements: ElementText[];
  lang: string;
  t: TFunction;
  languages: { lang: string; label: string; href: string; current: boolean }[];
  /** the page came over HTTPS or from this machine: service workers and crypto work */
  secure: boolean;
  /** codes of the kiosk's services that ask how the visit ended */
  askEndState: string[];
}

/** The kiosk's services that are open (the survey of an inactive service is closed, as on /s/). */
export function openServices(lookup: KioskLookup) {
  return lookup.services.filter((s) => s.active);
}

export function kioskPageModel({ lookup, first, unit, agency, elements, lang, t, languages, secure, askEndState }: KioskPageInput) {
  const token = lookup.kiosk.token;
  // the end-state question is built as for a service that asks it; kiosk.js shows it for the services that do
  const asking = { ...first, ask_end_state: 1 };
  const form = surveyFormModel({ service: asking, unit, agency, elements, channel: 'kiosk', embed: false, footer: null }, lang, t, emptyValues());
  const services = openServices(lookup).map((s) => ({ code: s.code, name: nameIn({ name_id: s.nameId, name_en: s.nameEn }, lang) }));
  return {
    ...form,
    title: t('kiosk.title', { place: lookup.kiosk.place }),
    agencyName: nameIn(agency, lang),
    place: lookup.kiosk.place,
    languages,
    services,
    /** one service: its form straight away; several: the picker first */
    single: services.length === 1 ? services[0] : null,
    home: kioskUrl(token),
    responses: kioskResponsesUrl(token),
    exit: kioskExitUrl(token),
    worker: KIOSK_WORKER_PATH,
    hasPin: lookup.kiosk.pin_hash !== null,
    endState: askEndState.length && form.endState ? { ...form.endState, services: askEndState.join(' '), unrated: NOT_RATED_END_STATES.join(' ') } : null,
    httpsNeeded: !secure,
    age: { ...form.age, min: AGE_MIN, max: AGE_MAX },
    messages: {
      noElement: t('survey.errors.no_element'),
      age: t('survey.errors.age_invalid'),
      pinWrong: t('kiosk.exit.wrong_pin'),
      pinOffline: t('kiosk.exit.offline'),
      pinTooMany: t('kiosk.exit.too_many'),
    },
  };
}

/** What views/kiosk/gone.ejs shows for a revoked or expired kiosk (410). */
export function kioskGoneModel(lookup: KioskLookup, agency: Agency | undefined, lang: string, t: TFunction) {
  return {
    title: t('kiosk.gone.title'),
    place: lookup.kiosk.place,
    agencyName: agency ? nameIn(agency, lang) : '',
    message: t(lookup.state === 'expired' ? 'kiosk.gone.expired' : 'kiosk.gone.revoked', { place: lookup.kiosk.place }),
    home: homeUrl(lang),
  };
}
