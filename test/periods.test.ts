import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  parsePeriod,
  previousPeriods,
  lastPeriods,
  periodOf,
  currentPeriod,
  localDate,
  isValidTimeZone,
  splitByMonths,
  DEFAULT_TIME_ZONE,
  type Period,
  type PeriodResult,
} from '../server/indicators/periods.js';
import { addDays, daysBetween, fromDayNumber, isValidDate, toDayNumber } from '../server/indicators/calendar.js';

/** The period of an ok result (fails the test otherwise). */
function ok(result: PeriodResult): Period {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.period;
}
const errorCode = (result: PeriodResult): string | null => (result.ok ? null : result.error.code);
const span = (p: Period): string => `${p.from}..${p.to}`;

describe('parsePeriod: valid specs', () => {
  it.each([
    ['2026-07', 'month', '2026-07', '2026-07-01', '2026-07-31'],
    ['2026-04', 'month', '2026-04', '2026-04-01', '2026-04-30'],
    ['2026-02', 'month', '2026-02', '2026-02-01', '2026-02-28'],
    ['2024-02', 'month', '2024-02', '2024-02-01', '2024-02-29'],
    ['2000-02', 'month', '2000-02', '2000-02-01', '2000-02-29'], // divisible by 400: leap
    ['2100-02', 'month', '2100-02', '2100-02-01', '2100-02-28'], // divisible by 100: not leap
    ['2026-Q1', 'quarter', '2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q3', 'quarter', '2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-Q4', 'quarter', '2026-Q4', '2026-10-01', '2026-12-31'],
    ['2026-S1', 'semester', '2026-S1', '2026-01-01', '2026-06-30'],
    ['2026-S2', 'semester', '2026-S2', '2026-07-01', '2026-12-31'],
    ['2026', 'year', '2026', '2026-01-01', '2026-12-31'],
    ['2026-01-15/2026-03-10', 'range', '2026-01-15/2026-03-10', '2026-01-15', '2026-03-10'],
  ])('%s', (spec, kind, label, from, to) => {
    expect(ok(parsePeriod(spec))).toEqual({ kind, label, from, to });
  });

  it('parses a range object, including a single day and 29 February of a leap year', () => {
    expect(ok(parsePeriod({ from: '2026-01-15', to: '2026-03-10' }))).toEqual({
      kind: 'range',
      label: '2026-01-15/2026-03-10',
      from: '2026-01-15',
      to: '2026-03-10',
    });
    expect(span(ok(parsePeriod({ from: '2026-05-05', to: '2026-05-05' })))).toBe('2026-05-05..2026-05-05');
    expect(span(ok(parsePeriod({ from: '2024-02-29', to: '2024-03-01' })))).toBe('2024-02-29..2024-03-01');
  });
});

describe('parsePeriod: invalid specs return a typed error', () => {
  it.each([
    ['2026-13', 'invalid_date'],
    ['2026-00', 'invalid_date'],
    ['2026-Q5', 'invalid_date'],
    ['2026-Q0', 'invalid_date'],
    ['2026-S3', 'invalid_date'],
    ['2026-S0', 'invalid_date'],
    ['abc', 'invalid_format'],
    ['', 'invalid_format'],
    ['26-07', 'invalid_format'],
    ['2026-7', 'invalid_format'],
    ['2026-q3', 'invalid_format'],
    ['2026-H2', 'invalid_format'],
    ['2026-07-01', 'invalid_format'],
    ['2026-02-30/2026-03-01', 'invalid_date'],
    ['2026-03-10/2026-03-01', 'from_after_to'],
  ])('%s → %s', (spec, code) => {
    expect(errorCode(parsePeriod(spec))).toBe(code);
  });

  it.each([
    [{ from: '2026-02-30', to: '2026-03-01' }, 'invalid_date'],
    [{ from: '2026-02-29', to: '2026-03-01' }, 'invalid_date'], // 2026 is not a leap year
    [{ from: '2026-04-31', to: '2026-05-01' }, 'invalid_date'],
    [{ from: '2026-01-01', to: '2026-13-01' }, 'invalid_date'],
    [{ from: '2026-1-05', to: '2026-01-06' }, 'invalid_format'],
    [{ from: '2026-01-00', to: '2026-01-06' }, 'invalid_date'],
    [{ from: '2026-03-02', to: '2026-03-01' }, 'from_after_to'],
    [{ from: '2027-01-01', to: '2026-12-31' }, 'from_after_to'],
  ])('%o → %s', (spec, code) => {
    const result = parsePeriod(spec);
    expect(errorCode(result)).toBe(code);
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
  });
});

describe('previousPeriods / lastPeriods', () => {
  it('goes back month by month across a year end, oldest first', () => {
    const prev = previousPeriods(ok(parsePeriod('2026-02')), 3);
    expect(prev.map((p) => p.label)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(prev.map(span)).toEqual(['2025-11-01..2025-11-30', '2025-12-01..2025-12-31', '2026-01-01..2026-01-31']);
    expect(prev.every((p) => p.kind === 'month')).toBe(true);
  });

  it('goes back by quarter, semester and year', () => {
    expect(previousPeriods(ok(parsePeriod('2026-Q1')), 2).map((p) => p.label)).toEqual(['2025-Q3', '2025-Q4']);
    expect(span(previousPeriods(ok(parsePeriod('2026-Q1')), 1)[0] as Period)).toBe('2025-10-01..2025-12-31');
    expect(previousPeriods(ok(parsePeriod('2026-S1')), 3).map((p) => p.label)).toEqual(['2024-S2', '2025-S1', '2025-S2']);
    expect(previousPeriods(ok(parsePeriod('2026')), 2).map(span)).toEqual(['2024-01-01..2024-12-31', '2025-01-01..2025-12-31']);
    expect(previousPeriods(ok(parsePeriod('2026-07')), 0)).toEqual([]);
  });

  it('goes back by ranges of the same length', () => {
    // 10 days: 2026-03-01..10 → 02-19..28, 02-09..18
    const prev = previousPeriods(ok(parsePeriod({ from: '2026-03-01', to: '2026-03-10' })), 2);
    expect(prev.map(span)).toEqual(['2026-02-09..2026-02-18', '2026-02-19..2026-02-28']);
    expect(prev[0]?.label).toBe('2026-02-09/2026-02-18');
    expect(prev.every((p) => p.kind === 'range')).toBe(true);
    // 2 days across a leap day
    expect(previousPeriods(ok(parsePeriod({ from: '2024-03-01', to: '2024-03-02' })), 1).map(span)).toEqual(['2024-02-28..2024-02-29']);
  });

  it('lastPeriods ends with the period itself', () => {
    const q = ok(parsePeriod('2026-Q1'));
    expect(lastPeriods(q, 3).map((p) => p.label)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1']);
    expect(lastPeriods(q, 8)).toHaveLength(8);
    expect(lastPeriods(q, 8)[0]?.label).toBe('2024-Q2');
    expect(lastPeriods(q, 0)).toEqual([]);
  });

  it('periodOf finds the period containing a date', () => {
    expect(periodOf('quarter', '2026-06-30').label).toBe('2026-Q2');
    expect(periodOf('quarter', '2026-07-01').label).toBe('2026-Q3');
    expect(periodOf('semester', '2026-07-01').label).toBe('2026-S2');
    expect(periodOf('month', '2026-12-31').label).toBe('2026-12');
    expect(() => periodOf('month', '2026-02-30')).toThrow(RangeError);
  });
});

describe('time zones', () => {
  // 2026-07-31T15:30Z = 22:30 WIB (UTC+7), 23:30 WITA (UTC+8), 00:30 on 1 August WIT (UTC+9)
  const instant = new Date('2026-07-31T15:30:00Z');

  it('gives the local date of an instant in each Indonesian zone', () => {
    expect(localDate(instant, 'Asia/Jakarta')).toBe('2026-07-31');
    expect(localDate(instant, 'Asia/Makassar')).toBe('2026-07-31');
    expect(localDate(instant, 'Asia/Jayapura')).toBe('2026-08-01');
    expect(localDate(new Date('2026-07-31T16:30:00Z'), 'Asia/Makassar')).toBe('2026-08-01');
    expect(localDate(new Date('2026-07-31T16:59:59Z'))).toBe('2026-07-31'); // default Jakarta
    expect(localDate(new Date('2026-07-31T17:00:00Z'))).toBe('2026-08-01');
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Jakarta');
  });

  it('takes the current period in the agency zone', () => {
    expect(currentPeriod('month', instant, 'Asia/Jakarta').label).toBe('2026-07');
    expect(currentPeriod('month', instant, 'Asia/Jayapura').label).toBe('2026-08');
    expect(currentPeriod('month', instant).label).toBe('2026-07');
    // new year's eve 22:00 in Jakarta is already 1 January in Jayapura
    const eve = new Date('2026-12-31T15:00:00Z');
    expect(currentPeriod('quarter', eve, 'Asia/Jakarta').label).toBe('2026-Q4');
    expect(currentPeriod('quarter', eve, 'Asia/Jayapura').label).toBe('2027-Q1');
    expect(currentPeriod('year', eve, 'Asia/Jayapura')).toEqual({ kind: 'year', label: '2027', from: '2027-01-01', to: '2027-12-31' });
    expect(currentPeriod('semester', eve, 'Asia/Jakarta').label).toBe('2026-S2');
  });

  it('rejects unknown zones and invalid instants', () => {
    expect(isValidTimeZone('Asia/Jayapura')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => localDate(instant, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => localDate(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('splitByMonths', () => {
  it('keeps a range within one month as a single edge', () => {
    expect(splitByMonths('2026-07-10', '2026-07-20')).toEqual({ months: [], edges: [{ from: '2026-07-10', to: '2026-07-20' }] });
    expect(splitByMonths('2026-07-01', '2026-07-30')).toEqual({ months: [], edges: [{ from: '2026-07-01', to: '2026-07-30' }] });
    expect(splitByMonths('2026-07-05', '2026-07-05')).toEqual({ months: [], edges: [{ from: '2026-07-05', to: '2026-07-05' }] });
  });

  it('gives exact months without edges', () => {
    expect(splitByMonths('2026-07-01', '2026-07-31')).toEqual({ months: ['2026-07'], edges: [] });
    expect(splitByMonths('2026-07-01', '2026-09-30')).toEqual({ months: ['2026-07', '2026-08', '2026-09'], edges: [] });
  });

  it('cuts the edges across a year end', () => {
    expect(splitByMonths('2025-12-15', '2026-02-10')).toEqual({
      months: ['2026-01'],
      edges: [
        { from: '2025-12-15', to: '2025-12-31' },
        { from: '2026-02-01', to: '2026-02-10' },
      ],
    });
    expect(splitByMonths('2025-12-31', '2026-01-01')).toEqual({
      months: [],
      edges: [
        { from: '2025-12-31', to: '2025-12-31' },
        { from: '2026-01-01', to: '2026-01-01' },
      ],
    });
    expect(splitByMonths('2026-01-01', '2026-02-14')).toEqual({ months: ['2026-01'], edges: [{ from: '2026-02-01', to: '2026-02-14' }] });
    expect(splitByMonths('2026-01-20', '2026-02-28')).toEqual({ months: ['2026-02'], edges: [{ from: '2026-01-20', to: '2026-01-31' }] });
  });

  it('knows the length of February in leap and common years', () => {
    expect(splitByMonths('2024-02-01', '2024-02-29')).toEqual({ months: ['2024-02'], edges: [] });
    expect(splitByMonths('2024-02-01', '2024-02-28')).toEqual({ months: [], edges: [{ from: '2024-02-01', to: '2024-02-28' }] });
    expect(splitByMonths('2026-02-01', '2026-02-28')).toEqual({ months: ['2026-02'], edges: [] });
    expect(splitByMonths('2024-01-31', '2024-03-01').months).toEqual(['2024-02']);
  });

  it('rejects invalid dates and reversed ranges', () => {
    expect(() => splitByMonths('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => splitByMonths('2026-03-02', '2026-03-01')).toThrow(RangeError);
  });

  it('property: months and edges cover every day of the range exactly once, in order', () => {
    const day = fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2030-12-31') });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), (start, length) => {
        const from = fromDayNumber(start);
        const to = fromDayNumber(start + length);
        const { months, edges } = splitByMonths(from, to);
        const pieces = [
          ...months.map((m) => {
            const first = `${m}-01`;
            const next = toDayNumber(`${m}-01`) + 31; // a day in the following month
            const last = fromDayNumber(toDayNumber(`${fromDayNumber(next).slice(0, 7)}-01`) - 1);
            return { from: first, to: last };
          }),
          ...edges,
        ].sort((a, b) => (a.from < b.from ? -1 : 1));
        let cursor = from;
        for (const piece of pieces) {
          expect(piece.from).toBe(cursor);
          expect(piece.from.slice(0, 7)).toBe(piece.to.slice(0, 7)); // each piece within one month
          cursor = addDays(piece.to, 1);
        }
        expect(cursor).toBe(addDays(to, 1));
        expect(edges.length).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('calendar arithmetic', () => {
  it('property: day numbers agree with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1) / 864e5, max: Date.UTC(2199, 11, 31) / 864e5 }), (days) => {
        const iso = new Date(days * 864e5).toISOString().slice(0, 10);
        expect(fromDayNumber(days)).toBe(iso);
        expect(toDayNumber(iso)).toBe(days);
      }),
    );
  });

  it('validates dates strictly and counts days', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-06-31')).toBe(false);
    expect(daysBetween('2026-06-30', '2026-07-15')).toBe(15);
    expect(daysBetween('2026-07-15', '2026-06-30')).toBe(-15);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});
