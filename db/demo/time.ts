/**
 * Calendar arithmetic on plain dates (day numbers since 1970-01-01) and local wall-clock times
 * turned into UTC instants for an IANA time zone.
 */
const DAY_MS = 86_400_000;

/** Day number of 'YYYY-MM-DD'. @throws RangeError when it is not a real date. */
export function parseDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a real date: ${iso}`);
  }
  return ms / DAY_MS;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday .. 6 = Saturday. */
export function weekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

/** Month of the year, 1..12. */
export function monthOf(day: number): number {
  return new Date(day * DAY_MS).getUTCMonth() + 1;
}

/** 'MM-DD' of a day. */
export function monthDay(day: number): string {
  return formatDay(day).slice(5);
}

/** The first day of a span of `months` calendar months ending on `endDay` (so 2026-10-31, 12 -> 2025-11-01). */
export function spanStart(endDay: number, months: number): number {
  const d = new Date(endDay * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - months;
  const lastOfTarget = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastOfTarget);
  return Date.UTC(y, m, day) / DAY_MS + 1;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of the zone from UTC at an instant, in milliseconds (local = UTC + offset). */
function zoneOffsetMs(timeZone: string, instantMs: number): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(instantMs))) p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/**
 * UTC milliseconds at local midnight of a day, taking the zone's offset at local noon (office hours
 * never straddle a daylight-saving change; Indonesia has none). Add local milliseconds of the day to it.
 */
export function localMidnightUtc(day: number, timeZone: string): number {
  const noonWall = day * DAY_MS + 12 * 3_600_000;
  const first = zoneOffsetMs(timeZone, noonWall);
  const offset = zoneOffsetMs(timeZone, noonWall - first);
  return day * DAY_MS - offset;
}
