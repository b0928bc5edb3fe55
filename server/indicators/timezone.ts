/**
 * Local dates in an IANA time zone through Intl.DateTimeFormat (Indonesia spans WIB
 * Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura; the default is Asia/Jakarta).
 */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date 'YYYY-MM-DD' of an instant in a time zone. @throws RangeError on a bad zone or date. */
export function localDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid instant');
  // every offset in use is a whole number of minutes: within one UTC minute the local date is one
  // (a survey post asks for the current minute's over and over: formatToParts costs ~10 µs)
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  const date = formatDate(instant, timeZone);
  lastDates.set(timeZone, { minute, date });
  return date;
}

/** The last date computed per time zone, with the UTC minute it holds for. */
const lastDates = new Map<string, { minute: number; date: string }>();

function formatDate(instant: Date, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}
