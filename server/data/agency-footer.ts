import type { Queryable } from './engine/index.js';

// The agency footer on citizens' pages (contact, complaint channel, privacy note), kept as one JSON
// value in the settings table (001) under SETTING_KEY: one installation serves one agency, and
// db:copy already moves the settings table whole.

const SETTING_KEY = 'agency_footer';

export interface AgencyFooter {
  contactId: string;
  contactEn: string;
  /** the channel's name, e.g. "SP4N-LAPOR!" */
  complaintLabel: string;
  /** an absolute http(s) URL, or '' */
  complaintUrl: string;
  privacyId: string;
  privacyEn: string;
}

export const EMPTY_FOOTER: Readonly<AgencyFooter> = Object.freeze({
  contactId: '',
  contactEn: '',
  complaintLabel: '',
  complaintUrl: '',
  privacyId: '',
  privacyEn: '',
});

const text = (x: unknown): string => (typeof x === 'string' ? x : '');

/** The footer as management last saved it; every field '' when none was saved (or the value is unreadable). */
export async function getAgencyFooter(q: Queryable): Promise<AgencyFooter> {
  const raw = await q.value<string>('SELECT value FROM settings WHERE key = ?', [SETTING_KEY]);
  if (raw === undefined) return { ...EMPTY_FOOTER };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { ...EMPTY_FOOTER };
  }
  const out = { ...EMPTY_FOOTER };
  for (const key of Object.keys(EMPTY_FOOTER) as Array<keyof AgencyFooter>) out[key] = text(parsed[key]);
  return out;
}

/** Replaces the footer (call it in the transaction that audits the change). */
export async function saveAgencyFooter(q: Queryable, footer: AgencyFooter): Promise<void> {
  await q.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [SETTING_KEY, JSON.stringify(footer)]);
}
