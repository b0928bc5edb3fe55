/**
 * Responses day by day: how many each service gets (weekday, season, Poisson noise), when during
 * office hours, from whom, and the nine answers from the model in model.ts.
 */
import { localDate } from '../../server/indicators/timezone.js';
import { ELEMENT_CODES, type ElementCode } from '../../server/indicators/types.js';
import { CommentPicker } from './comments.js';
import {
  CHANNEL_SHIFT,
  DISABILITY_SHIFT,
  ELDERLY_SHIFT,
  LOW_EDUCATION_SHIFT,
  SPREAD_ANSWER,
  SPREAD_PERSON,
  cut,
  elementOffsets,
  muForScore,
  trendShift,
} from './model.js';
import type { DemoService } from './org.js';
import type { Random } from './random.js';
import { RespondentDrawer } from './respondent.js';
import { localMidnightUtc, monthDay, monthOf, weekday } from './time.js';

/** One response's values in the column order of RESPONSE_ROW_COLUMNS (server/data/response-rows.ts). */
type ResponseValues = Array<string | number | null>;

export interface Span {
  startDay: number;
  endDay: number;
  timeZone: string;
  /** Leave out responses after this UTC instant (ms), e.g. later today. */
  notAfterMs?: number;
}

const HOLIDAYS = new Set(['01-01', '05-01', '06-01', '08-17', '12-25']);
/** Volume by weekday (Sunday closed; Saturday set per service). Mondays are busiest, Friday is short. */
const WEEKDAY_FACTOR = [0, 1.25, 1.05, 1, 0.95, 0.75, 1];
const MINUTE = 60_000;
const OPEN = (7 * 60 + 30) * MINUTE;
const CLOSE = 16 * 60 * MINUTE;
const SATURDAY_CLOSE = 12 * 60 * MINUTE;
const BIAYA = ELEMENT_CODES.indexOf('BIAYA');
const PENGADUAN = ELEMENT_CODES.indexOf('PENGADUAN');
const PERILAKU = ELEMENT_CODES.indexOf('PERILAKU');

/** Milliseconds after local midnight: a mid-morning peak, quiet around Friday prayers. */
function timeOfDay(rng: Random, wd: number): number {
  const close = wd === 6 ? SATURDAY_CLOSE : CLOSE;
  for (;;) {
    const ms = rng.chance(0.65) ? rng.normal(10 * 60 * MINUTE, 80 * MINUTE) : OPEN + rng.next() * (close - OPEN);
    if (ms < OPEN || ms >= close) continue;
    if (wd === 5 && ms >= 11.5 * 60 * MINUTE && ms < 13 * 60 * MINUTE && rng.chance(0.75)) continue;
    return Math.floor(ms);
  }
}

interface Plan {
  id: number;
  s: DemoService;
  offsets: number[];
  monthNoise: number[];
  people: RespondentDrawer;
  comments: CommentPicker;
}

/**
 * Every response of the span, in time order, as rows for insertResponseRows; generated as they are
 * read, a day at a time. Deterministic for a given rng state.
 */
export function* generateResponses(services: ReadonlyArray<{ id: number; def: DemoService }>, span: Span, rng: Random): Generator<ResponseValues> {
  const months = monthIndex(span.endDay, span.startDay) + 1;
  const plans: Plan[] = services.map(({ id, def }) => ({
    id,
    s: def,
    offsets: elementOffsets(def),
    monthNoise: Array.from({ length: months }, () => rng.normal(0, 1.2)),
    people: new RespondentDrawer(def),
    comments: new CommentPicker(def),
  }));
  const days = span.endDay - span.startDay;
  const mu = new Array<number>(ELEMENT_CODES.length).fill(0);
  const v = new Array<number>(ELEMENT_CODES.length).fill(0);

  for (let day = span.startDay; day <= span.endDay; day++) {
    const wd = weekday(day);
    if (wd === 0 || HOLIDAYS.has(monthDay(day))) continue;
    const t = days > 0 ? (day - span.startDay) / days : 1;
    const mi = monthIndex(day, span.startDay);
    const month = monthOf(day);
    const dayFactor = 0.85 + 0.3 * rng.next();
    const midnight = localMidnightUtc(day, span.timeZone);
    const today: Array<{ at: number; values: ResponseValues }> = [];

    for (const p of plans) {
      const s = p.s;
      if (s.onlyFirstMonths !== undefined && mi >= s.onlyFirstMonths) continue;
      const factor = (wd === 6 ? s.saturday : (WEEKDAY_FACTOR[wd] ?? 0)) * (s.season?.[month] ?? 1);
      const n = rng.poisson(s.perDay * factor * dayFactor);
      if (n === 0) continue;
      const shift = trendShift(s, t) + (p.monthNoise[mi] ?? 0);
      for (let i = 0; i < mu.length; i++) mu[i] = muForScore(s.level + (p.offsets[i] ?? 0) + shift);

      for (let k = 0; k < n; k++) {
        const at = midnight + timeOfDay(rng, wd) + rng.int(0, 999);
        const r = p.people.draw(rng);
        const disabled = r.disability === 'yes' ? 0.3 + 0.7 * s.access : 0;
        const elderly = r.realAge >= 65 ? s.access : 0;
        const lowEdu = r.education === 'sd' || r.education === 'smp' ? 1 : 0;
        const z = rng.normal(0, SPREAD_PERSON);
        const base = CHANNEL_SHIFT[r.channel] ?? 0;
        const answers: Array<number | null> = [];
        let sum = 0;
        let count = 0;
        let worst: ElementCode = 'PERILAKU';
        let best: ElementCode = 'PERILAKU';
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < mu.length; i++) {
          v[i] =
            (mu[i] ?? 0) +
            base +
            z +
            rng.normal(0, SPREAD_ANSWER) +
            disabled * (DISABILITY_SHIFT[i] ?? 0) +
            elderly * (ELDERLY_SHIFT[i] ?? 0) +
            lowEdu * (LOW_EDUCATION_SHIFT[i] ?? 0);
          const missing = i === BIAYA ? (s.biayaMissing ?? 0.02) : i === PENGADUAN ? 0.06 : 0.015;
          answers.push(rng.chance(missing) ? null : cut(v[i] ?? 0));
        }
        if (!answers.some((a) => a !== null)) answers[PERILAKU] = cut(v[PERILAKU] ?? 0);
        for (let i = 0; i < answers.length; i++) {
          const a = answers[i];
          const x = v[i] ?? 0;
          if (a === null || a === undefined) continue;
          sum += a;
          count += 1;
          if (x < lo) {
            lo = x;
            worst = ELEMENT_CODES[i] ?? worst;
          }
          if (x > hi) {
            hi = x;
            best = ELEMENT_CODES[i] ?? best;
          }
        }
        const comment = p.comments.pick(rng, r.lang, sum / count, worst, best, t);
        if (span.notAfterMs !== undefined && at > span.notAfterMs) continue;
        const instant = new Date(at);
        today.push({
          at,
          values: [
            p.id,
            instant.toISOString(),
            localDate(instant, span.timeZone),
            r.channel,
            r.lang,
            r.gender,
            r.age,
            r.ageBand,
            r.education,
            r.occupation,
            r.disability,
            ...answers,
            comment,
          ],
        });
      }
    }
    today.sort((a, b) => a.at - b.at);
    for (const row of today) yield row.values;
  }
}

/** Calendar months from the month of `start` to the month of `day`. */
function monthIndex(day: number, start: number): number {
  const a = new Date(day * 86_400_000);
  const b = new Date(start * 86_400_000);
  return (a.getUTCFullYear() - b.getUTCFullYear()) * 12 + a.getUTCMonth() - b.getUTCMonth();
}
