import { isValidDate, addDays } from '../indicators/calendar.js';
import { localDate } from '../indicators/timezone.js';
import { str, type FormErrors } from '../manage/form.js';
import { canonicalOrigin } from '../security.js';

// The reach page's three forms, validated into values (kept as typed) and errors (i18n keys).

const PLACE_MAX = 120;
const MAX_ORIGINS = 20;

export interface CounterValues {
  place: string;
  /** YYYY-MM-DD, the last day the link works (agency's local date); '' for never */
  expires: string;
}

export interface KioskValues {
  place: string;
  pin: string;
  /** the codes of the services offered (of the same unit) */
  services: string[];
  expires: string;
}

export type Valid<V, R> = { ok: true; values: V; result: R } | { ok: false; values: V; errors: FormErrors };

function placeError(place: string): string | null {
  const p = place.trim();
  if (p === '') return 'reach.errors.place_required';
  if ([...p].length > PLACE_MAX) return 'reach.errors.place_long';
  return null;
}

/** The instant a local calendar day starts in a time zone (Indonesia has no daylight saving; any fixed offset works). */
function startOfLocalDay(day: string, timeZone: string): Date {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(midnight)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return new Date(midnight - (wall - midnight));
}

/** '' -> null; a date from today on -> the UTC instant the day after it starts; else an error key. */
function expiryOf(expires: string, timeZone: string, now: Date): { at: string | null } | { error: string } {
  const e = expires.trim();
  if (e === '') return { at: null };
  if (!isValidDate(e)) return { error: 'reach.errors.expires_format' };
  if (e < localDate(now, timeZone)) return { error: 'reach.errors.expires_past' };
  return { at: startOfLocalDay(addDays(e, 1), timeZone).toISOString() };
}

export function counterValues(body: Record<string, unknown>): CounterValues {
  return { place: str(body, 'place', 400), expires: str(body, 'expires', 20) };
}

export function checkCounter(values: CounterValues, timeZone: string, now = new Date()): Valid<CounterValues, { place: string; expiresAt: string | null }> {
  const errors: FormErrors = {};
  const place = placeError(values.place);
  if (place) errors.place = place;
  const expiry = expiryOf(values.expires, timeZone, now);
  if ('error' in expiry) errors.expires = expiry.error;
  if (Object.keys(errors).length || 'error' in expiry) return { ok: false, values, errors };
  return { ok: true, values, result: { place: values.place.trim(), expiresAt: expiry.at } };
}

export function kioskValues(body: Record<string, unknown>): KioskValues {
  const raw = body.services;
  const services = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((s): s is string => typeof s === 'string').slice(0, 100);
  return { place: str(body, 'place', 400), pin: str(body, 'pin', 40), services, expires: str(body, 'expires', 20) };
}

/** `offered`: the codes of the services of the unit that a kiosk may offer, in order. */
export function checkKiosk(
  values: KioskValues,
  offered: readonly string[],
  timeZone: string,
  now = new Date(),
): Valid<KioskValues, { place: string; pin: string | null; services: string[]; expiresAt: string | null }> {
  const errors: FormErrors = {};
  const place = placeError(values.place);
  if (place) errors.place = place;
  const pin = values.pin.trim();
  if (pin !== '' && !/^\d{4,12}$/.test(pin)) errors.pin = 'reach.errors.pin_format';
  const services = offered.filter((code) => values.services.includes(code));
  if (services.length === 0 || services.length !== new Set(values.services).size) errors.services = 'reach.errors.services_required';
  const expiry = expiryOf(values.expires, timeZone, now);
  if ('error' in expiry) errors.expires = expiry.error;
  if (Object.keys(errors).length || 'error' in expiry) return { ok: false, values, errors };
  return { ok: true, values, result: { place: values.place.trim(), pin: pin === '' ? null : pin, services, expiresAt: expiry.at } };
}

/**
 * Allowed origins as typed (one per line or separated by spaces): each canonical
 * `https://host[:port]` (http only for localhost), each once, at most MAX_ORIGINS.
 */
export function checkOrigins(raw: string): Valid<string, string> {
  const parts = raw.split(/\s+/).filter(Boolean);
  if (parts.length > MAX_ORIGINS) return { ok: false, values: raw, errors: { origins: ['reach.errors.origins_too_many', { max: MAX_ORIGINS }] } };
  const origins: string[] = [];
  for (const part of parts) {
    const origin = canonicalOrigin(part);
    if (!origin) return { ok: false, values: raw, errors: { origins: ['reach.errors.origin_invalid', { origin: part }] } };
    if (!origins.includes(origin)) origins.push(origin);
  }
  return { ok: true, values: raw, result: origins.join(' ') };
}
