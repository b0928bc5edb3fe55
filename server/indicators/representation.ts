/**
 * Representation (spec/indicators.md): how closely respondents mirror the agency's target
 * profile q (kelompok sasaran). p = observed share among responses that ANSWERED the dimension
 * ('na' excluded). Index = 1 − 0.5·Σ|p − q| over the union of groups (a target group absent from
 * the data has p = 0; a data group absent from the target has q = 0).
 */
import type { Totals } from './types.js';
import { NA_GROUP, minGroupSize } from './groups.js';

/** Target share per group (no 'na'), non-negative, summing to 1. */
export type TargetProfile = Readonly<Record<string, number>>;

/** More than this shortfall (q − p) lists a group as under-represented: 5 points. */
const UNDER_REPRESENTED_THRESHOLD = 0.05;

/** @throws RangeError unless shares are finite, >= 0, without 'na', and sum to 1 (±1e-6). */
function checkTargetProfile(target: TargetProfile): void {
  let sum = 0;
  for (const [group, q] of Object.entries(target)) {
    if (group === NA_GROUP) throw new RangeError(`target profile cannot contain '${NA_GROUP}'`);
    if (!Number.isFinite(q) || q < 0) throw new RangeError(`invalid target share for ${group}: ${q}`);
    sum += q;
  }
  if (Math.abs(sum - 1) > 1e-6) throw new RangeError(`target shares must sum to 1, got ${sum}`);
}

/** Observed share p of each answered group (and each target group); null when nobody answered. */
export function observedShares(groups: Readonly<Record<string, Totals>>, target: TargetProfile = {}): Record<string, number> | null {
  const answered = Object.entries(groups).filter(([g]) => g !== NA_GROUP);
  const total = answered.reduce((s, [, t]) => s + t.n, 0);
  if (total === 0) return null;
  const p: Record<string, number> = {};
  for (const g of Object.keys(target)) p[g] = 0;
  for (const [g, t] of answered) p[g] = t.n / total;
  return p;
}

/** 1 − 0.5·Σ|p − q|: 1 = mirrors the target, 0 = no overlap; null when nobody answered. */
export function representationIndex(groups: Readonly<Record<string, Totals>>, target: TargetProfile): number | null {
  checkTargetProfile(target);
  const p = observedShares(groups, target);
  if (p === null) return null;
  let distance = 0;
  for (const [g, pg] of Object.entries(p)) distance += Math.abs(pg - (target[g] ?? 0));
  return 1 - 0.5 * distance;
}

export interface UnderRepresented {
  group: string;
  target: number;
  /** observed share; null when the group has fewer than k responses (small-group rule) */
  observed: number | null;
}

/**
 * Target groups whose observed share falls short of the target by more than 5 points
 * (q − p > 0.05, with 1e-9 slack against float noise), in the target's key order.
 */
export function underRepresented(
  groups: Readonly<Record<string, Totals>>,
  target: TargetProfile,
  k?: number,
  threshold: number = UNDER_REPRESENTED_THRESHOLD,
): UnderRepresented[] {
  checkTargetProfile(target);
  const minN = minGroupSize(k);
  const p = observedShares(groups, target);
  if (p === null) return [];
  const out: UnderRepresented[] = [];
  for (const [g, q] of Object.entries(target)) {
    const pg = p[g] ?? 0;
    if (q - pg - threshold <= 1e-9) continue;
    const n = groups[g]?.n ?? 0;
    out.push({ group: g, target: q, observed: n < minN ? null : pg });
  }
  return out;
}
