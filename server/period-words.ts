import type { TFunction } from 'i18next';

/**
 * Periods as words (wording.md "Periods are words, never codes"): "Triwulan IV 2026", "Q4 2026",
 * "Semester II 2026", "November 2026", "Tahun 2026", "1 Jan – 31 Mar 2026"; a period still running
 * says up to which day: "Triwulan IV 2026 (s.d. 30 November)". Codes stay in URLs and the API.
 * The patterns are locale keys (period.*); month names come from Intl for the language's locale.
 */
export interface PeriodWords {
  /** Words for the inclusive local dates from..to; `asOf` (local date): the last day with data of a running period. */
  (from: string, to: string, asOf?: string | null): string;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const ymd = (s: string): Ymd => ({ y: Number(s.slice(0, 4)), m: Number(s.slice(5, 7)), d: Number(s.slice(8, 10)) });
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function periodWords(t: TFunction, locale: string): PeriodWords {
  const utc = { timeZone: 'UTC' } as const;
  const monthLong = new Intl.DateTimeFormat(locale, { month: 'long', ...utc });
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', ...utc });
  const at = (y: number, m: number, d = 1): Date => new Date(Date.UTC(y, m - 1, d));
  // "1 Jan" without a trailing dot (en-GB "Sept" and id "Agu" are as Intl gives them)
  const dayMonth = (p: Ymd): string => `${p.d} ${monthShort.format(at(p.y, p.m)).replace(/\.$/, '')}`;

  function calendar(a: Ymd, b: Ymd): string | null {
    if (a.y !== b.y || a.d !== 1 || b.d !== lastDay(b.y, b.m)) return null;
    const months = b.m - a.m + 1;
    const year = String(a.y);
    if (months === 12) return t('period.year', { year });
    if (months === 6 && (a.m === 1 || a.m === 7)) {
      const n = a.m === 1 ? 1 : 2;
      return t('period.semester', { n, roman: ROMAN[n - 1], year });
    }
    if (months === 3 && (a.m - 1) % 3 === 0) {
      const n = (a.m - 1) / 3 + 1;
      return t('period.quarter', { n, roman: ROMAN[n - 1], year });
    }
    if (months === 1) return t('period.month', { month: monthLong.format(at(a.y, a.m)), year });
    return null;
  }

  return (from, to, asOf = null) => {
    const a = ymd(from);
    const b = ymd(to);
    let words = calendar(a, b);
    if (words === null) {
      words =
        from === to
          ? `${dayMonth(a)} ${a.y}`
          : a.y === b.y
            ? t('period.range', { from: dayMonth(a), to: `${dayMonth(b)} ${b.y}` })
            : t('period.range', { from: `${dayMonth(a)} ${a.y}`, to: `${dayMonth(b)} ${b.y}` });
    }
    if (asOf && asOf >= from && asOf < to) {
      const c = ymd(asOf);
      words = t('period.running', { period: words, date: `${c.d} ${monthLong.format(at(c.y, c.m))}` });
    }
    return words;
  };
}
