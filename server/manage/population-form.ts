import { parsePeriod } from '../indicators/periods.js';
import { str, type Checked, type FormErrors } from './form.js';

// Users served in a period (N, for the Krejcie-Morgan sample size): a period label as the
// dashboards use them (2026, 2026-S2, 2026-Q3, 2026-07, or from/to) and a whole number.

export interface PopulationValues {
  period: string;
  population: string;
}

export interface PopulationEntry {
  from: string;
  to: string;
  population: number;
}

const POPULATION_MAX = 1_000_000_000;

export function populationValues(body: Record<string, unknown>): PopulationValues {
  return { period: str(body, 'period', 40).trim(), population: str(body, 'population', 40).trim() };
}

/** "12500", "12.500", "12,500" or "12 500" -> 12500; anything else -> NaN. */
function wholeNumber(s: string): number {
  const t = s.trim();
  if (/^\d{1,10}$/.test(t)) return Number(t);
  if (/^\d{1,3}([.,\s]\d{3})+$/.test(t) && new Set(t.replace(/\d/g, '')).size === 1) return Number(t.replace(/\D/g, ''));
  return Number.NaN;
}

export function checkPopulation(values: PopulationValues): Checked<PopulationValues, PopulationEntry> {
  const errors: FormErrors = {};
  const period = values.period === '' ? null : parsePeriod(values.period);
  if (!period) errors.period = 'manage.errors.period_required';
  else if (!period.ok) errors.period = 'manage.errors.period_invalid';
  const n = wholeNumber(values.population);
  if (values.population === '') errors.population = 'manage.errors.population_required';
  else if (!(n >= 0 && n <= POPULATION_MAX)) errors.population = 'manage.errors.population_invalid';
  if (Object.keys(errors).length || !period?.ok) return { ok: false, values, errors };
  return { ok: true, values, result: { from: period.period.from, to: period.period.to, population: n } };
}

/** The shortest label of a stored period: "2026-Q3" when it is one, else "from/to". */
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
