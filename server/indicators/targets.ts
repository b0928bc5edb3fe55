/**
 * Target attainment (spec/indicators.md, "effective"): attainment = IKM − target in points.
 * Figures at full precision; "met" is a classification, so like the grade it compares the round2
 * values (an IKM shown as 88.31 meets a target of 88.31 even if it is 88.305 unrounded).
 */
import { round2 } from './rounding.js';

export interface Attainment {
  target: number | null;
  /** IKM − target, unrounded; null without IKM or target */
  attainment: number | null;
  /** round2(IKM) >= round2(target); null without IKM or target */
  met: boolean | null;
}

/** Attainment of one scope; never invents a target. */
export function targetAttainment(ikm: number | null, target: number | null): Attainment {
  if (ikm === null || target === null) return { target, attainment: null, met: null };
  return { target, attainment: ikm - target, met: round2(ikm) >= round2(target) };
}

/**
 * Effective target of a node: the first non-null target of the chain [node, parent, …, root];
 * null when nobody up the tree set one.
 */
export function inheritTarget(chain: ReadonlyArray<number | null | undefined>): number | null {
  for (const t of chain) if (t !== null && t !== undefined) return t;
  return null;
}

export interface TargetShare {
  /** services with both an IKM and a target */
  counted: number;
  /** of those, services meeting their target */
  met: number;
  /** met / counted; null when no service qualifies */
  share: number | null;
}

/** For a unit or agency: share of its services whose IKM meets their own (effective) target. */
export function shareMeetingTarget(services: ReadonlyArray<{ ikm: number | null; target: number | null }>): TargetShare {
  let counted = 0;
  let met = 0;
  for (const s of services) {
    const a = targetAttainment(s.ikm, s.target);
    if (a.met === null) continue;
    counted += 1;
    if (a.met) met += 1;
  }
  return { counted, met, share: counted > 0 ? met / counted : null };
}
