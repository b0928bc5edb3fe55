import { parsePeriod, parseRange } from '../../indicators/periods.js';
import { str, type Checked, type FormErrors } from '../form.js';

// Users served in a period (N, for the Krejcie-Morgan sample size): a period chosen from a list
// (its value the period's code: 2026, 2026-S2, 2026-Q3, 2026-07) or "range" with a first and a last
// day, and a whole number. A code typed by hand (older bookmarks, scripts) is still understood.

export const RANGE = 'range';

export interface PopulationValues {
  period: string;
  from: string;
  to: string;
  population: string;
}

export interface PopulationEntry {
  from: string;
  to: string;
  population: number;
}

const POPULATION_MAX = 1_000_000_000;

export function populationValues(body: Record<string, unknown>): PopulationValues {
  return {
    period: str(body, 'period', 40).trim(),
    from: str(body, 'range_from', 20).trim(),
    to: str(body, 'range_to', 20).trim(),
    population: str(body, 'population', 40).trim(),
  };
}

/** "12500", "12.500", "12,500" or "12 500" -> 12500; anything else -> NaN. */
function wholeNumber(s: string): number {
  const t = s.trim();
  if (/^\d{1,10}$/.test(t)) return Number(t);
  if (/^\d{1,3}([.,\s]\d{3})+$/.test(t) && new Set(t.replace(/\d/g, '')).size === 1) return Number(t.replace(/\D/g, ''));
  return Number.NaN;
}

function checkPeriod(values: PopulationValues, errors: FormErrors, date: (iso: string) => string): { from: string; to: string } | null {
  if (values.period === RANGE) {
    if (values.from === '' || values.to === '') {
      errors[values.from === '' ? 'range_from' : 'range_to'] = 'manage.errors.range_required';
      return null;
    }
    const range = parseRange(values.from, values.to);
    if (range.ok) return range.period;
    if (range.error.code === 'from_after_to') errors.range_from = ['manage.errors.range_order', { from: date(values.from), to: date(values.to) }];
    else errors.range_from = 'manage.errors.range_required';
    return null;
  }
  const period = values.period === '' ? null : parsePeriod(values.period);
  if (!period) errors.period = 'manage.errors.period_required';
  else if (!period.ok) errors.period = 'manage.errors.period_invalid';
  return period?.ok ? period.period : null;
}

/** `date` writes a valid ISO date in words for the messages ("1 Mei 2026"). */
export function checkPopulation(values: PopulationValues, date: (iso: string) => string): Checked<PopulationValues, PopulationEntry> {
  const errors: FormErrors = {};
  const period = checkPeriod(values, errors, date);
  const n = wholeNumber(values.population);
  if (values.population === '') errors.population = 'manage.errors.population_required';
  else if (!(n >= 0 && n <= POPULATION_MAX)) errors.population = 'manage.errors.population_invalid';
  if (Object.keys(errors).length || !period) return { ok: false, values, errors };
  return { ok: true, values, result: { from: period.from, to: period.to, population: n } };
}

/** The shortest code of a stored period: "2026-Q3" when it is one, else "from/to" (a hook for tests and links, never shown). */
export function periodLabel(from: string, to: string): string {
  const year = from.slice(0, 4);
  const month = Number(from.slice(5, 7));
  const candidates = [year, `${year}-S${Math.ceil(month / 6)}`, `${year}-Q${Math.ceil(month / 3)}`, from.slice(0, 7)];
  for (const label of candidates) {
    const p = parsePeriod(label);
    if (p.ok && p.period.from === from && p.period.to === to) return label;
  }
  return `${from}/${to}`;
}

/** The periods offered in the picker: for each year (newest first) the year, its half-years, quarters and months. */
export function periodChoices(years: number[]): Array<{ year: number; codes: string[] }> {
  return [...new Set(years)]
    .sort((a, b) => b - a)
    .map((year) => ({
      year,
      codes: [
        String(year),
        `${year}-S1`,
        `${year}-S2`,
        ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`),
        ...Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`),
      ],
    }));
}
