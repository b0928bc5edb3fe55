import type { TFunction } from 'i18next';
import { getAgency } from '../data/agency.js';
import type { Database } from '../data/engine/index.js';
import type { KioskLookup } from '../data/kiosk-tokens.js';
import { getServiceByCode } from '../data/services.js';
import { SubmissionQueue } from '../data/group-commit.js';
import { isDbBusy } from '../errors.js';
import { LANGUAGES } from '../i18n.js';
import { localDate } from '../indicators/timezone.js';
import { COMMENT_MAX, validateSurvey } from '../survey/validate.js';
import { givenTime } from './given-time.js';

// One answer from a kiosk's queue (POST /kiosk/:token/responses), validated exactly like the survey
// form (server/survey/validate.ts). Channel 'kiosk' and the counter come from the verified token and
// the kiosk's own list of services, never from the request; the time is the device's when plausible
// (given-time.ts). The device made the idempotency key (crypto.getRandomValues), so a resent answer
// (its confirmation was lost) stores nothing new.

export interface KioskAnswerOutcome {
  status: 200 | 201 | 400 | 410 | 422 | 503;
  body: { status?: 'stored' | 'duplicate'; error?: string; errors?: Record<string, string> };
}

/** Fields the device adds around the form's own fields. */
const ENVELOPE = new Set(['service', 'given_at', 'lang']);

export async function storeKioskAnswer(
  store: Database,
  found: KioskLookup,
  raw: unknown,
  now: Date,
  { t, lang: pageLang }: { t: TFunction; lang: string },
): Promise<KioskAnswerOutcome> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { status: 400, body: { error: t('errors.http_400') } };
  const body = raw as Record<string, unknown>;
  // the form's fields are strings (a repeated one an array of strings, which validation reports)
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (ENVELOPE.has(name)) continue;
    const ok = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) return { status: 422, body: { errors: { form: t('survey.errors.repeated_form') } } };
    fields[name] = value;
  }

  const service = found.services.find((s) => s.code === body.service);
  if (!service) return { status: 422, body: { errors: { service: t('kiosk.errors.service') } } };
  const given = givenTime(body.given_at, now, found.kiosk.created_at);
  if (found.state !== 'active') {
    // an answer given while the kiosk was in use still counts; nothing given after it
    const end = found.kiosk.revoked_at ?? found.kiosk.expires_at;
    if (!given.fromDevice || !end || given.at.toISOString() >= end) return { status: 410, body: { error: t('kiosk.gone.title') } };
  }
  if (!service.active) return { status: 410, body: { error: t('survey.closed.message') } };

  // the survey's own checks, with the question on how the visit ended where the service asks it
  const row = await getServiceByCode(store, service.code);
  const result = validateSurvey(fields, { askEndState: row?.ask_end_state === 1 });
  if (!result.ok)
    return { status: 422, body: { errors: Object.fromEntries(Object.entries(result.errors).map(([f, key]) => [f, t(key, { max: COMMENT_MAX })])) } };
  if (!result.submission.idempotencyKey) return { status: 422, body: { errors: { idem: t('kiosk.errors.idem') } } };

  const agency = await getAgency(store);
  if (!agency) return { status: 410, body: { error: t('kiosk.gone.title') } };
  const lang = typeof body.lang === 'string' && LANGUAGES.includes(body.lang) ? body.lang : pageLang;
  try {
    // an IKM response, or (not served, no element answered) an unrated visit, as from the survey
    // group commit, as the survey's posts (a kiosk flushing its queue sends many at once)
    const { duplicate } = await SubmissionQueue.for(store).submit(result.submission, {
      serviceId: service.serviceId,
      channel: 'kiosk',
      lang,
      submittedAt: given.at,
      localDate: localDate(given.at, agency.time_zone),
      counterId: service.counterId,
    });
    return duplicate ? { status: 200, body: { status: 'duplicate' } } : { status: 201, body: { status: 'stored' } };
  } catch (err) {
    if (!isDbBusy(err)) throw err;
    return { status: 503, body: { error: t('errors.busy') } };
  }
}
