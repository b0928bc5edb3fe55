/**
 * The response model. Each answer is a latent value on the 1–4 scale, cut at 1.5 / 2.5 / 3.5:
 *   v = mu(service, element, day) + shifts(channel, respondent) + SPREAD_PERSON * z + SPREAD_ANSWER * e
 * with z drawn once per respondent (a generally happy or unhappy visitor) and e per answer.
 * mu is chosen so that the expected answer matches an intended element score (25–100).
 */
import { ELEMENT_CODES, type ElementCode } from '../../server/indicators/types.js';
import type { DemoService, ServiceKind } from './org.js';

export const SPREAD_PERSON = 0.45;
export const SPREAD_ANSWER = 0.42;
const SPREAD = Math.hypot(SPREAD_PERSON, SPREAD_ANSWER);

/** Typical element scores around a service's level (points): staff conduct strong, time and complaints weak. */
const DEFAULT_OFFSETS: Record<ElementCode, number> = {
  PERSYARATAN: 0,
  PROSEDUR: -1,
  WAKTU: -4,
  BIAYA: 0,
  PRODUK: 0,
  KOMPETENSI: 2,
  PERILAKU: 4,
  PENGADUAN: -4,
  SARANA: -2,
};
/** Civil registration and NIB are free by law; licences carry a levy; health care is mostly insured. */
const BIAYA_BY_KIND: Record<ServiceKind, number> = { civil: 12, online: 12, licence: 4, health: 6 };

/** Element offsets of a service in ELEMENT_CODES order, centred so that their mean is 0. */
export function elementOffsets(s: DemoService): number[] {
  const raw = ELEMENT_CODES.map((c) => DEFAULT_OFFSETS[c] + (c === 'BIAYA' ? BIAYA_BY_KIND[s.kind] : 0) + (s.elements?.[c] ?? 0));
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  return raw.map((x) => x - mean);
}

/** Trend shift in points at fraction t (0..1) of the span; a step is smoothed over about 4% of it. */
export function trendShift(s: DemoService, t: number): number {
  const tr = s.trend;
  if (!tr) return 0;
  if (tr.at === undefined) return tr.from + (tr.to - tr.from) * t;
  const k = Math.min(1, Math.max(0, (t - tr.at) / 0.04 + 0.5));
  return tr.from + (tr.to - tr.from) * k;
}

// Standard normal CDF (Abramowitz & Stegun 7.1.26, error below 1.5e-7).
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

const expectedAnswer = (mu: number): number => 1 + phi((mu - 1.5) / SPREAD) + phi((mu - 2.5) / SPREAD) + phi((mu - 3.5) / SPREAD);

const MU_LO = -1;
const MU_STEP = 0.005;
const EXPECTED = Array.from({ length: 1401 }, (_, i) => expectedAnswer(MU_LO + i * MU_STEP));

/** The mu whose expected answer is score / 25 (score clamped to 30..97). */
export function muForScore(score: number): number {
  const target = Math.min(97, Math.max(30, score)) / 25;
  let lo = 0;
  let hi = EXPECTED.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((EXPECTED[mid] ?? 0) < target) lo = mid;
    else hi = mid;
  }
  const a = EXPECTED[lo] ?? 0;
  const b = EXPECTED[hi] ?? 0;
  return MU_LO + (lo + (b > a ? (target - a) / (b - a) : 0)) * MU_STEP;
}

/** A latent answer value cut into 1..4. */
export function cut(v: number): number {
  return v < 1.5 ? 1 : v < 2.5 ? 2 : v < 3.5 ? 3 : 4;
}

const shifts = (m: Partial<Record<ElementCode, number>>, other = 0): number[] => ELEMENT_CODES.map((c) => m[c] ?? other);

/** Shifts (1–4 scale) by how the response came: the kiosk a little lower, staff-assisted a little higher. */
export const CHANNEL_SHIFT: Record<string, number> = { link: -0.02, qr: 0, kiosk: -0.08, embed: -0.03, assisted: 0.04 };
/** Respondents with a disability: facilities, waiting and procedure (scaled by the service's access factor). */
export const DISABILITY_SHIFT = shifts({ SARANA: -0.55, WAKTU: -0.32, PROSEDUR: -0.2 }, -0.06);
/** Respondents aged 65 and over: waiting and facilities (scaled by the access factor). */
export const ELDERLY_SHIFT = shifts({ WAKTU: -0.32, SARANA: -0.25, PROSEDUR: -0.12 });
/** Primary or lower-secondary education: the procedure and requirements are harder to follow. */
export const LOW_EDUCATION_SHIFT = shifts({ PROSEDUR: -0.18, PERSYARATAN: -0.08 });
