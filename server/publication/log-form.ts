import { ELECTRONIC_CHANNEL, PUBLICATION_CHANNELS, type PublicationChannel } from '../data/publications.js';
import { isValidDate } from '../indicators/calendar.js';
import type { FormErrors } from '../manage/form.js';
import type { PublicPeriod } from './period.js';

// The publication log's entry form: where (channel, electronic or not), when (a date within the
// period's start and today), and a link (http/https only) or a text note, or both. No uploads.

export interface LogValues {
  channel: string;
  electronic: string;
  published_on: string;
  url: string;
  note: string;
}

export interface LogEntry {
  channel: PublicationChannel;
  electronic: boolean;
  publishedOn: string;
  url: string | null;
  note: string | null;
}

export const NOTE_MAX = 500;
export const URL_MAX = 2000;

const field = (body: Record<string, unknown>, name: string, max: number): string => {
  const v = body[name];
  return (typeof v === 'string' ? v : '').slice(0, max);
};

export function logValues(body: Record<string, unknown>): LogValues {
  return {
    channel: field(body, 'channel', 40),
    electronic: field(body, 'electronic', 10),
    published_on: field(body, 'published_on', 20).trim(),
    url: field(body, 'url', URL_MAX + 1).trim(),
    note: field(body, 'note', NOTE_MAX + 1).trim(),
  };
}

/** A link the public page may show: an absolute http(s) URL, as the browser would read it. */
function safeLink(text: string): string | null {
  if (!/^https?:\/\//i.test(text) || /\s/.test(text)) return null;
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.') ? u.href : null;
  } catch {
    return null;
  }
}

export function checkLogEntry(v: LogValues, period: PublicPeriod, today: string): { ok: true; entry: LogEntry } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const channel = (PUBLICATION_CHANNELS as readonly string[]).includes(v.channel) ? (v.channel as PublicationChannel) : null;
  if (!channel) errors.channel = 'publication.errors.channel';
  let electronic = channel ? ELECTRONIC_CHANNEL[channel] : null;
  if (channel === 'other') {
    electronic = v.electronic === 'yes' ? true : v.electronic === 'no' ? false : null;
    if (electronic === null) errors.electronic = 'publication.errors.electronic';
  }
  if (v.published_on === '') errors.published_on = 'publication.errors.date_required';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(v.published_on) || !isValidDate(v.published_on)) errors.published_on = 'publication.errors.date_format';
  else if (v.published_on < period.from || v.published_on > today) {
    errors.published_on = ['publication.errors.date_range', { from: period.from, to: today }];
  }
  let url: string | null = null;
  if (v.url.length > URL_MAX) errors.url = ['publication.errors.url_long', { max: URL_MAX }];
  else if (v.url !== '') {
    url = safeLink(v.url);
    if (!url || url.length > URL_MAX) errors.url = 'publication.errors.url';
  }
  if (v.note.length > NOTE_MAX) errors.note = ['publication.errors.note_long', { max: NOTE_MAX }];
  if (v.url === '' && v.note === '') errors.note = 'publication.errors.link_or_note';
  if (Object.keys(errors).length || !channel || electronic === null) return { ok: false, errors };
  return { ok: true, entry: { channel, electronic, publishedOn: v.published_on, url, note: v.note === '' ? null : v.note } };
}
