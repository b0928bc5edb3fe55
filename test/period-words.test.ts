import { describe, expect, it } from 'vitest';
import { localize } from '../server/i18n.js';
import { parsePeriod } from '../server/indicators/periods.js';

// wording.md "Periods are words, never codes", in both languages, from the period codes.
const words = (code: string, lang: string, asOf?: string): string => {
  const parsed = parsePeriod(code);
  if (!parsed.ok) throw new Error(code);
  return localize(lang).period(parsed.period.from, parsed.period.to, asOf);
};

describe('periods in words', () => {
  it.each([
    ['2026-Q4', 'Triwulan IV 2026', 'Q4 2026'],
    ['2026-Q1', 'Triwulan I 2026', 'Q1 2026'],
    ['2026-S2', 'Semester II 2026', 'H2 2026'],
    ['2026-S1', 'Semester I 2026', 'H1 2026'],
    ['2026-11', 'November 2026', 'November 2026'],
    ['2026-08', 'Agustus 2026', 'August 2026'],
    ['2026', 'Tahun 2026', '2026'],
  ])('%s reads "%s" and "%s"', (code, id, en) => {
    expect(words(code, 'id')).toBe(id);
    expect(words(code, 'en')).toBe(en);
  });

  it('writes other ranges as days, with the year once when both ends share it', () => {
    const id = localize('id').period;
    const en = localize('en').period;
    expect(id('2026-01-01', '2026-03-30')).toBe('1 Jan – 30 Mar 2026');
    expect(en('2026-01-15', '2026-10-20')).toBe('15 Jan – 20 Oct 2026');
    expect(id('2025-12-01', '2026-01-31')).toBe('1 Des 2025 – 31 Jan 2026');
    expect(id('2026-05-01', '2026-05-01')).toBe('1 Mei 2026');
    expect(id('2026-02-01', '2026-03-31')).toBe('1 Feb – 31 Mar 2026'); // two months are not a calendar period
  });

  it('says up to which day a running period reaches, and nothing for a complete one', () => {
    expect(words('2026-Q4', 'id', '2026-11-30')).toBe('Triwulan IV 2026 (s.d. 30 November)');
    expect(words('2026-Q4', 'en', '2026-11-30')).toBe('Q4 2026 (to 30 November)');
    expect(words('2026-Q3', 'id', '2026-11-30')).toBe('Triwulan III 2026');
    expect(words('2026-Q4', 'id', '2026-12-31')).toBe('Triwulan IV 2026');
  });
});
