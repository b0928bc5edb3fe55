// Instants stored as UTC ISO strings, shown in the agency's time zone.

const formats = new Map<string, Intl.DateTimeFormat>();

/** "2026-05-01T07:03:00.000Z" -> "1 Mei 2026 14.03" (Asia/Jakarta, Indonesian); '' for null. */
export function formatInstant(iso: string | null, timeZone: string, lang: string): string {
  if (!iso) return '';
  const key = `${lang}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone });
    formats.set(key, f);
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : f.format(d);
}
